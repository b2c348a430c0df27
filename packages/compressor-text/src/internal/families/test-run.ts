import { clean, head } from '../lines.js';
import type { Selection } from '../render.js';
import { ALERT, SUMMARY } from '../signals.js';
import { describeShapes, shapeOf } from '../templates.js';
import type { FamilyInput } from './family.js';
import { keepUnrepetitive } from './generic.js';

/** A passing (or skipped) test case, in the formats of the common runners. */
const PASSED =
  /(?: \.\.\. ok$|\bPASSED(?:\s+\[\s*\d+%\])?$|^\s*[✓✔√]\s|^ ?PASS {1,2}\S|^=== (?:RUN|PAUSE|CONT|NAME)\s|^\s*--- PASS: |^ok \d+ |^\S+\.py \.+(?:\s+\[\s*\d+%\])?$)/;
const SKIPPED = /(?: \.\.\. (?:skipped|skip|ignored|expected failure)\b|\b(?:SKIPPED|XFAIL|XPASS)\b|^\s*↓\s|^\s*--- SKIP: |^ok \d+ .*# (?:SKIP|TODO))/i;
/** A failing case or a compiler/linter problem: kept with a few lines after it (location, code frame). */
const FAILED =
  /(?: \.\.\. (?:FAIL|ERROR)$|\bFAILED\b|^FAIL\b|^\s*--- FAIL|^not ok |^\s*[✗✕×✖]\s|^\s*\d+\) \S|panicked at|^E\s{2,}|\berror(?:\[\w+\])?:|\berror TS\d+|\bwarning:|^\s+\d+:\d+\s+(?:error|warning)\s|^(?:ERROR|FAIL|WARNING):?\s|Traceback \(most recent call last\))/;
/** Where a runner starts printing the details of its failures: from here on everything is about them. */
const DETAILS = /^(?:={20,}$|=+ (?:FAILURES|ERRORS) =+$|failures:$|\s*\d+ failing\b|.*⎯+ Failed Tests? \d+ ⎯+|Summary of all failing tests$|--- FAIL: )/;

/** A compiler's or linter's error code: what makes two errors the same kind. */
const ERROR_CODE = /\b(?:TS\d{4,5}|error\[E\d{4}\]|[A-Z]{1,3}\d{3,4})\b|\s[a-z]+(?:-[a-z]+)+$/;

/** One line of a unittest -v case whose description (a docstring) sits on the line before its `... ok`. */
const DOC_LINE = /^\w+ \([\w.]+\)$/;

/**
 * Test and build runs (pytest, unittest, vitest/jest, mocha, go test, cargo test, tsc, eslint,
 * gcc/clang, npm/pnpm/pip/apt installs): every failure, error and warning with the lines after it,
 * the failure details the runner prints at the end, and every summary line stay verbatim; passing
 * cases collapse into counts ("166 more passed"), and repetitive progress (downloads, `Setting up`)
 * into counted shapes.
 */
export function testRunSelection({ lines, query, options }: FamilyInput): Selection {
  const n = lines.length;
  const keep = new Uint8Array(n);
  const status = new Uint8Array(n); // 1 passed, 2 skipped
  const eligible: number[] = [];
  let details = n;
  const kinds = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    if (DETAILS.test(head(lines[i]!))) {
      // A `====` rule only opens the details when a failure heading follows it (unittest).
      if (!/^={20,}$/.test(clean(lines[i]!)) || /^(?:FAIL|ERROR):/.test(lines[i + 1] ?? '')) {
        details = i;
        break;
      }
    }
  }
  for (let i = 0; i < n; i++) {
    const line = clean(head(lines[i]!));
    if (i >= details) {
      keep[i] = 1;
      continue;
    }
    if (query.matches[i] || SUMMARY.test(line) || i < options.headLines || i >= n - options.tailLines) keep[i] = 1;
    if (FAILED.test(line) || (ALERT.test(line) && !PASSED.test(line) && !SKIPPED.test(line))) {
      keep[i] = 1;
      // The same error again (TS7006 for the 300th time) keeps its line, not its code frame.
      const kind = ERROR_CODE.exec(line)?.[0] ?? shapeOf(line);
      const seen = (kinds.get(kind) ?? 0) + 1;
      kinds.set(kind, seen);
      if (seen > options.alertContextRepeats) continue;
      for (let k = i + 1; k <= i + options.alertContext && k < n; k++) {
        if (PASSED.test(lines[k]!) || SKIPPED.test(lines[k]!)) break;
        keep[k] = 1;
      }
      continue;
    }
    if (SKIPPED.test(line)) status[i] = 2;
    else if (PASSED.test(line)) status[i] = 1;
    else if (DOC_LINE.test(line) && / \.\.\. ok$/.test(lines[i + 1] ?? '')) status[i] = 3;
    else if (!keep[i]) eligible.push(i);
  }
  keepUnrepetitive(lines, keep, eligible, options.examples, options.minRepeat);
  capDetails(keep, lines, details, options.failureLines, query.matches);

  const describe = (from: number, to: number): string => {
    let passed = 0;
    let skipped = 0;
    let detail = 0;
    const others: number[] = [];
    for (let i = from; i < to; i++) {
      if (status[i] === 1) passed++;
      else if (status[i] === 2) skipped++;
      else if (status[i] === 3) continue;
      else if (i >= details) detail++;
      else others.push(i);
    }
    const parts: string[] = [];
    if (passed > 0) parts.push(`${passed} more passed`);
    if (skipped > 0) parts.push(`${skipped} skipped`);
    if (detail > 0) parts.push(`${detail} more lines of failure details`);
    if (others.length > 0) {
      const first = others[0]!;
      const contiguous = others.length === others.at(-1)! - first + 1;
      parts.push(contiguous ? `${others.length} more lines: ${describeShapes(lines, first, first + others.length)}` : `${others.length} other lines`);
    }
    return parts.join(', ');
  };
  return { lines, keep, describe, kind: 'test-run' };
}

/** Failure details are kept whole up to `max` lines per block; a longer block keeps its first and last lines. */
function capDetails(keep: Uint8Array, lines: readonly string[], from: number, max: number, protect: Uint8Array): void {
  let start = from;
  for (let i = from; i <= lines.length; i++) {
    const boundary = i === lines.length || (i > start && /^(?:={20,}|-{20,}|_{5,} .* _{5,}|\s*\d+\) )/.test(head(lines[i]!)));
    if (!boundary) continue;
    if (i - start > max) {
      const half = Math.floor(max / 2);
      for (let k = start + half; k < i - half; k++) {
        const line = head(lines[k]!);
        if (!protect[k] && !SUMMARY.test(line) && !FAILED.test(line) && !/^\w*(?:Error|Exception)\b/.test(line)) keep[k] = 0;
      }
    }
    start = i;
  }
}
