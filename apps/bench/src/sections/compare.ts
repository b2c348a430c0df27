import { type BenchInput, countTokens, mbPerSecond, type ModeMeasurement, measureMode, type NeedleReport, savings } from '../measure.js';
import { type Align, formatInt, formatPercent, formatSpeed } from '../table.js';
import type { Target } from './section.js';

/** One input measured in both of our modes, with the token counts of the baselines beside it. */
export interface ComparedInput {
  readonly name: string;
  readonly bytes: number;
  readonly tokens: { readonly raw: number; readonly minified?: number; readonly toon?: number; readonly lossless: number; readonly default: number };
  readonly savings: { readonly lossless: number; readonly default: number };
  readonly markers: { readonly lossless: number; readonly default: number };
  readonly unresolved: number;
  readonly speedMBps: { readonly lossless: number; readonly default: number };
  readonly medianMs: { readonly lossless: number; readonly default: number };
  readonly handledBy: { readonly lossless: readonly string[]; readonly default: readonly string[] };
  readonly deterministic: boolean;
  readonly needles?: NeedleReport;
  readonly warnings: readonly string[];
}

export interface Baselines {
  readonly minified?: number;
  readonly toon?: number;
}

/** Measures `items` in lossless and default (lossy) mode and returns the figures plus both measurements. */
export async function compareModes(
  name: string,
  items: readonly BenchInput[],
  runs: number,
  baselines: Baselines = {},
): Promise<{ row: Omit<ComparedInput, 'needles'>; lossless: ModeMeasurement; lossy: ModeMeasurement }> {
  const raw = items.reduce((sum, item) => sum + countTokens(item.text), 0);
  const lossless = await measureMode(items, 'lossless', runs);
  const lossy = await measureMode(items, 'lossy', runs);
  const row = {
    name,
    bytes: lossy.bytes,
    tokens: { raw, ...baselines, lossless: lossless.tokensAfter, default: lossy.tokensAfter },
    savings: { lossless: savings(raw, lossless.tokensAfter), default: savings(raw, lossy.tokensAfter) },
    markers: { lossless: lossless.markers, default: lossy.markers },
    unresolved: lossless.unresolved + lossy.unresolved,
    speedMBps: { lossless: mbPerSecond(lossless.bytes, lossless.medianMs), default: mbPerSecond(lossy.bytes, lossy.medianMs) },
    medianMs: { lossless: lossless.medianMs, default: lossy.medianMs },
    handledBy: { lossless: lossless.outcomes, default: lossy.outcomes },
    deterministic: lossless.deterministic && lossy.deterministic,
    warnings: [...new Set([...lossless.warnings, ...lossy.warnings])],
  };
  return { row, lossless, lossy };
}

/** Aggregate speed: total bytes over total median time, so large inputs weigh by their size. */
export function aggregateSpeed(rows: readonly ComparedInput[], mode: 'lossless' | 'default'): number {
  const bytes = rows.reduce((sum, row) => sum + row.bytes, 0);
  const ms = rows.reduce((sum, row) => sum + row.medianMs[mode], 0);
  return mbPerSecond(bytes, ms);
}

/** "json ×3" for three outputs handled by json; pass-through reasons kept verbatim. */
export function describeHandlers(outcomes: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const outcome of outcomes) counts.set(outcome, (counts.get(outcome) ?? 0) + 1);
  return [...counts].map(([outcome, count]) => (count > 1 ? `${outcome} x${count}` : outcome)).join(', ');
}

const HEADERS = ['input', 'KB', 'raw', 'minified', 'TOON', 'lossless', 'default', 'lossless sav.', 'default sav.', 'markers', 'unresolved', 'MB/s lossless', 'MB/s default', 'handled by (default)'];
const BASELINE_COLUMNS = new Set(['minified', 'TOON']);

/** Column headers of a comparison table; the minified/TOON columns only where they apply (JSON). */
export function compareHeaders(withBaselines: boolean): string[] {
  return HEADERS.filter((header) => withBaselines || !BASELINE_COLUMNS.has(header));
}

export function compareAlign(withBaselines: boolean): Align[] {
  return compareHeaders(withBaselines).map((header) => (header === 'input' || header.startsWith('handled') ? 'left' : 'right'));
}

export function compareCells(row: ComparedInput, withBaselines: boolean): string[] {
  const optional = (value: number | undefined) => (value === undefined ? 'n/a' : formatInt(value));
  return [
    row.name,
    (row.bytes / 1000).toFixed(1),
    formatInt(row.tokens.raw),
    ...(withBaselines ? [optional(row.tokens.minified), optional(row.tokens.toon)] : []),
    formatInt(row.tokens.lossless),
    formatInt(row.tokens.default),
    formatPercent(row.savings.lossless),
    formatPercent(row.savings.default),
    formatInt(row.markers.default),
    formatInt(row.unresolved),
    formatSpeed(row.speedMBps.lossless),
    formatSpeed(row.speedMBps.default),
    describeHandlers(row.handledBy.default),
  ];
}

/** A bold totals row in the same columns: sums, savings of the sums, aggregate speeds. */
export function totalsCells(rows: readonly ComparedInput[], withBaselines: boolean): string[] {
  const sum = (pick: (row: ComparedInput) => number | undefined) => rows.reduce((s, row) => s + (pick(row) ?? 0), 0);
  const raw = sum((r) => r.tokens.raw);
  return [
    '**total**',
    (sum((r) => r.bytes) / 1000).toFixed(1),
    formatInt(raw),
    ...(withBaselines ? [formatInt(sum((r) => r.tokens.minified)), formatInt(sum((r) => r.tokens.toon))] : []),
    formatInt(sum((r) => r.tokens.lossless)),
    formatInt(sum((r) => r.tokens.default)),
    formatPercent(savings(raw, sum((r) => r.tokens.lossless))),
    formatPercent(savings(raw, sum((r) => r.tokens.default))),
    formatInt(sum((r) => r.markers.default)),
    formatInt(sum((r) => r.unresolved)),
    formatSpeed(aggregateSpeed(rows, 'lossless')),
    formatSpeed(aggregateSpeed(rows, 'default')),
    '',
  ];
}

/** A list for a target line: the first few names, then how many more. */
export function listSome(names: readonly string[], limit = 4): string {
  return names.length <= limit ? names.join(', ') : `${names.slice(0, limit).join(', ')} and ${names.length - limit} more`;
}

/** How many of the rows some compressor actually compressed in default mode. */
export function compressedCount(rows: readonly ComparedInput[]): number {
  return rows.filter((row) => row.handledBy.default.some((outcome) => !outcome.startsWith('pass-through'))).length;
}

/**
 * A speed target. Pass-through is fast, so the figure only counts when a compressor did the
 * work on at least one input; the detail says on how many.
 */
export function speedTarget(name: string, rows: readonly ComparedInput[], minimum: number): Target {
  const speed = aggregateSpeed(rows, 'default');
  const compressed = compressedCount(rows);
  return { name, pass: compressed > 0 && speed >= minimum, detail: `${formatSpeed(speed)} MB/s (>= ${minimum} MB/s; ${compressed} of ${rows.length} inputs compressed)` };
}

/** Shared checks of every comparison: markers resolve, output is deterministic. */
export function integrityTargets(label: string, rows: readonly ComparedInput[]): Target[] {
  const unresolved = rows.reduce((s, row) => s + row.unresolved, 0);
  const unstable = rows.filter((row) => !row.deterministic).map((row) => row.name);
  // The pipeline's "not smaller" check runs on estimated tokens; this is the exact o200k view.
  const larger = rows.filter((row) => row.tokens.lossless > row.tokens.raw || row.tokens.default > row.tokens.raw).map((row) => row.name);
  return [
    { name: `no output has more o200k tokens than its input (${label})`, pass: larger.length === 0, detail: larger.length === 0 ? `0 of ${rows.length} inputs` : `${larger.length} of ${rows.length}: ${listSome(larger)}` },
    { name: `every marker resolves byte-exact (${label})`, pass: unresolved === 0, detail: `${unresolved} unresolved` },
    { name: `deterministic output (${label})`, pass: unstable.length === 0, detail: unstable.length === 0 ? 'same bytes on every run' : `differs: ${listSome(unstable)}` },
  ];
}
