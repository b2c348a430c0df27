import type { ResolvedLogsOptions } from '../logs-compressor-options.js';
import type { LogTemplate } from '../mine-templates.js';
import { findStackTraces, isWarningOrWorse } from './line-signals.js';
import type { LineTokenCache } from './tokenize-line.js';

/** Distinct wordings (masked lines) of warnings shown per template, at most. */
const MAX_WORDINGS = 4;

/** The mark of a line kept verbatim, in `keep`. */
export const KEEP = 1;

export interface Selection {
  /** 1 for every line kept verbatim. */
  readonly keep: Uint8Array;
  /** How many warning-or-worse lines the input has (kept or not). */
  readonly warnings: number;
  readonly traces: number;
}

/**
 * Decides which lines stay verbatim: the first and last lines, every line of a rare template,
 * the first few (and the last) warning-or-worse lines of each template and the first few stack
 * traces of each kind, whole, with context around them, and the lines that match the query.
 */
export function selectLines(
  lines: readonly string[],
  templates: readonly LogTemplate[],
  assignments: Int32Array,
  terms: readonly string[],
  options: ResolvedLogsOptions,
  tokens: LineTokenCache,
): Selection {
  const n = lines.length;
  const keep = new Uint8Array(n);
  const keepRange = (from: number, to: number) => keep.fill(KEEP, Math.max(0, from), Math.min(n, to + 1));

  keepRange(0, options.headLines - 1);
  // Input ending in a newline splits into a last empty line: keep it (the output ends the same way)
  // and count the tail from the last real line.
  const end = n > 0 && lines[n - 1] === '' ? n - 1 : n;
  keepRange(end - options.tailLines, n - 1);
  for (let i = 0; i < n; i++) {
    if (templates[assignments[i]!]!.count <= options.rareCount) keep[i] = KEEP;
  }

  const traces = findStackTraces(lines);
  const inTrace = new Uint8Array(n);
  const tracesOfKind = new Map<number, number>();
  for (const [first, last] of traces) {
    inTrace.fill(1, first, last + 1);
    const kind = assignments[first]!;
    const seen = tracesOfKind.get(kind) ?? 0;
    tracesOfKind.set(kind, seen + 1);
    if (seen < options.errorExamples) keepRange(first - options.contextLines, last + options.contextLines);
  }

  const warning = new Uint8Array(n);
  const lastWarning = new Map<number, number>();
  let warnings = 0;
  for (let i = 0; i < n; i++) {
    if (inTrace[i] || !isWarningOrWorse(lines[i]!)) continue;
    warning[i] = 1;
    warnings++;
    lastWarning.set(assignments[i]!, i);
  }
  const warningsOfTemplate = new Map<number, number>();
  // A template may have absorbed two different warnings: the first line of each wording shows too.
  const wordings = new Map<number, Set<string>>();
  for (let i = 0; i < n; i++) {
    if (!warning[i]) continue;
    const template = assignments[i]!;
    const seen = warningsOfTemplate.get(template) ?? 0;
    warningsOfTemplate.set(template, seen + 1);
    const known = wordings.get(template) ?? new Set<string>();
    wordings.set(template, known);
    const wording = known.size < MAX_WORDINGS ? tokens.at(i).masked.join(' ') : undefined;
    const newWording = wording !== undefined && !known.has(wording);
    if (newWording) known.add(wording);
    if (seen < options.errorExamples) keepRange(i - options.contextLines, i + options.contextLines);
    else if (newWording || lastWarning.get(template) === i) keep[i] = KEEP;
  }

  keepQueryMatches(lines, terms, options.maxQueryLines, keep);
  return { keep, warnings, traces: traces.length };
}

function keepQueryMatches(lines: readonly string[], terms: readonly string[], maxLines: number, keep: Uint8Array): void {
  if (terms.length === 0 || maxLines === 0) return;
  const matches = terms.map(() => [] as number[]);
  lines.forEach((line, i) => {
    const lower = line.toLowerCase();
    terms.forEach((term, t) => {
      if (lower.includes(term)) matches[t]!.push(i);
    });
  });
  // A word on more lines than we may keep selects nothing: it is part of the log's vocabulary.
  const selective = matches.filter((found) => found.length <= maxLines);
  const chosen = [...new Set(selective.flat())].sort((a, b) => a - b).slice(0, maxLines);
  for (const i of chosen) keep[i] = KEEP;
}
