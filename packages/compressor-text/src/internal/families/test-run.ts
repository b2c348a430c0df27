import { bare, clean, head, plural } from '../lines.js';
import type { Selection } from '../render.js';
import { ALERT, SUMMARY } from '../signals.js';
import { describeRepeats, markRepeats, type Problem } from '../problems.js';
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

/** `status` of a repeated problem line and of the context lines (code frame) printed after it. */
const REPEAT = 4;
const REPEAT_CONTEXT = 5;
/** `status` of a failure-details line printed verbatim in an earlier failure (the same traceback frames). */
const REPEAT_DETAIL = 6;
/** A raised exception's own line (`ValueError: …`, `json.decoder.JSONDecodeError: …`). */
const EXCEPTION = /^\s*[\w.]*(?:Error|Exception|Warning)\b/;
/** tsc --pretty's closing table of files and their error counts. */
const ERRORS_FILES = /^Errors\s+Files$/;

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
  // Each line classified once: `head` (bounded, without escape codes) and `clean` of that (no `\r`).
  const heads = lines.map(head);
  const texts = heads.map(clean);
  const keep = new Uint8Array(n);
  const status = new Uint8Array(n); // 1 passed, 2 skipped, 3 a passed case's docstring, REPEAT, REPEAT_CONTEXT
  const eligible: number[] = [];
  let details = n;
  const kinds = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    if (DETAILS.test(heads[i]!)) {
      // A `====` rule only opens the details when a failure heading follows it (unittest).
      if (!/^={20,}$/.test(clean(lines[i]!)) || /^(?:FAIL|ERROR):/.test(lines[i + 1] ?? '')) {
        details = i;
        break;
      }
    }
  }
  // Problems before the details: the first line of each distinct problem stays; repeats collapse with their context.
  const problem = new Uint8Array(n);
  const problemLines: number[] = [];
  for (let i = 0; i < details; i++) {
    const line = texts[i]!;
    if (FAILED.test(line) || EXCEPTION.test(line) || (ALERT.test(line) && !PASSED.test(line) && !SKIPPED.test(line))) {
      problem[i] = 1;
      problemLines.push(i);
    }
  }
  const { repeat, problems } = markRepeats(lines, problemLines, texts);
  let summaryTable = false;
  for (let i = 0; i < n; i++) {
    const line = texts[i]!;
    if (i >= details) {
      keep[i] = 1;
      continue;
    }
    if (query.matches[i] || SUMMARY.test(line) || i < options.headLines || i >= n - options.tailLines) keep[i] = 1;
    // tsc --pretty ends with a table of files and their error counts: part of the summary.
    if (ERRORS_FILES.test(line)) summaryTable = true;
    else if (summaryTable && /^\s+\d+\s+\S/.test(line)) keep[i] = 1;
    else summaryTable = false;
    if (problem[i]) {
      if (repeat[i] && !keep[i]) {
        status[i] = REPEAT;
        let k = i + 1;
        for (; k <= i + options.alertContext && k < n && !problem[k]; k++) {
          // An exception line after a repeated `Traceback` may be a new problem: it is judged on its own.
          if (PASSED.test(lines[k]!) || SKIPPED.test(lines[k]!) || EXCEPTION.test(texts[k]!)) break;
          status[k] = REPEAT_CONTEXT;
        }
        // The blank line that closes a code frame (tsc --pretty) goes with it.
        if (k < n && k > i + options.alertContext && !problem[k] && lines[k]!.trim() === '') status[k] = REPEAT_CONTEXT;
        continue;
      }
      keep[i] = 1;
      // The same error again (TS7006 for the 300th time) keeps its line, not its code frame.
      const kind = ERROR_CODE.exec(line)?.[0] ?? shapeOf(line);
      const seen = (kinds.get(kind) ?? 0) + 1;
      kinds.set(kind, seen);
      if (seen > options.alertContextRepeats) continue;
      for (let k = i + 1; k <= i + options.alertContext && k < n && !problem[k]; k++) {
        if (PASSED.test(lines[k]!) || SKIPPED.test(lines[k]!)) break;
        keep[k] = 1;
      }
      continue;
    }
    if (status[i] === REPEAT_CONTEXT) continue;
    if (SKIPPED.test(line)) status[i] = 2;
    else if (PASSED.test(line)) status[i] = 1;
    else if (DOC_LINE.test(line) && / \.\.\. ok$/.test(lines[i + 1] ?? '')) status[i] = 3;
    else if (!keep[i]) eligible.push(i);
  }
  const shapes = keepUnrepetitive(lines, keep, eligible, options.examples, options.minRepeat);
  capDetails(keep, heads, details, options.failureLines, query.matches);
  dropRepeatedDetails(keep, status, heads, details, query.matches);

  const labels = new Map<string, string>();
  const describe = (from: number, to: number): string => {
    let passed = 0;
    let skipped = 0;
    let detail = 0;
    let context = 0;
    let repeatedDetail = 0;
    const repeats: Problem[] = [];
    const others: number[] = [];
    for (let i = from; i < to; i++) {
      if (status[i] === 1) passed++;
      else if (status[i] === 2) skipped++;
      else if (status[i] === 3) continue;
      else if (status[i] === REPEAT) repeats.push(problems[i]!);
      else if (status[i] === REPEAT_CONTEXT) context++;
      else if (status[i] === REPEAT_DETAIL) repeatedDetail++;
      else if (i >= details) detail++;
      else others.push(i);
    }
    const parts: string[] = [];
    if (passed > 0) parts.push(`${passed} more passed`);
    if (skipped > 0) parts.push(`${skipped} skipped`);
    if (repeats.length > 0) parts.push(describeRepeats(repeats, context > 0 ? `, ${plural(context, 'line')} of their context` : '', labels));
    if (repeatedDetail > 0) parts.push(`${plural(repeatedDetail, 'line')} as in failures shown above`);
    if (detail > 0) parts.push(`${detail} more lines of failure details`);
    if (others.length > 0) {
      const first = others[0]!;
      const contiguous = others.length === others.at(-1)! - first + 1;
      if (others.every((i) => lines[i]!.trim() === '')) parts.push(plural(others.length, 'blank line'));
      else parts.push(contiguous ? `${others.length} more lines: ${describeShapes(lines, first, first + others.length, 2, shapes)}` : `${others.length} other lines`);
    }
    return parts.join(', ');
  };
  // Runs of omitted lines are cut where the file of the problems changes: each marker names its file.
  const breaks = new Uint8Array(n);
  let file: string | undefined;
  for (const i of problemLines) {
    const next = problems[i]!.file;
    if (next !== file && i > 0) breaks[i] = 1;
    file = next;
  }
  return { lines, keep, describe, kind: 'test-run', breaks };
}

/** Failure details are kept whole up to `max` lines per block; a longer block keeps its first and last lines. */
function capDetails(keep: Uint8Array, heads: readonly string[], from: number, max: number, protect: Uint8Array): void {
  const lines = heads;
  let start = from;
  for (let i = from; i <= lines.length; i++) {
    const boundary = i === lines.length || (i > start && /^(?:={20,}|-{20,}|_{5,} .* _{5,}|\s*\d+\) )/.test(heads[i]!));
    if (!boundary) continue;
    if (i - start > max) {
      const half = Math.floor(max / 2);
      for (let k = start + half; k < i - half; k++) {
        const line = heads[k]!;
        if (!protect[k] && !SUMMARY.test(line) && !FAILED.test(line) && !/^\w*(?:Error|Exception)\b/.test(line)) keep[k] = 0;
      }
    }
    start = i;
  }
}

/**
 * A flood of failures repeats the same traceback frames and messages in every block: a details
 * line already printed verbatim in an earlier block is omitted (counted in the marker). Headings,
 * separators, exception and summary lines and query matches stay in every block.
 */
function dropRepeatedDetails(keep: Uint8Array, status: Uint8Array, heads: readonly string[], from: number, protect: Uint8Array): void {
  const seen = new Set<string>();
  let block = new Set<string>();
  for (let i = from; i < heads.length; i++) {
    const line = heads[i]!;
    if (/^(?:={20,}|-{20,}|_{5,} .* _{5,})\s*$/.test(line) || /^(?:FAIL|ERROR):/.test(line)) {
      for (const text of block) seen.add(text);
      block = new Set();
      continue;
    }
    if (protect[i] || SUMMARY.test(line) || /^\w*(?:Error|Exception)\b/.test(line) || FAILED.test(line)) continue;
    if (seen.has(line)) {
      keep[i] = 0;
      status[i] = REPEAT_DETAIL;
    } else block.add(line);
  }
}
