import { type Compressor, HeadroomError } from '@headroom/core';

export interface TextCompressorOptions {
  /** Inputs with fewer lines pass through. Default: 8. */
  readonly minLines?: number;
  /** Lines kept at the start and at the end of free-form output (generic, test and build runs). Default: 2 and 2. */
  readonly headLines?: number;
  readonly tailLines?: number;
  /** Lines of a repeated shape kept as examples before the rest collapse. Default: 2. */
  readonly examples?: number;
  /** A shape collapses only when at least this many lines have it. Default: 4. */
  readonly minRepeat?: number;
  /** Listings: entries kept at the head of each directory group. Default: 3. */
  readonly headEntries?: number;
  /** Listings: directory groups shown; the deepest grouping with at most this many is used, later groups collapse whole. Default: 24. */
  readonly maxGroups?: number;
  /** Listings and tables: the largest values kept when they stand out (over 4x the median). Default: 3. */
  readonly standoutSizes?: number;
  /** Tables and git status: rows (entries per section) kept at the head. Default: 5. */
  readonly headRows?: number;
  /** VCS: commits kept at the head of a log (later ones only when they match the query). Default: 10. */
  readonly headCommits?: number;
  /** VCS: commits at the head of a log whose diffs are shown (through the diff logic); later kept commits show a marker per file unless the file matches the query. Default: 2. */
  readonly headPatches?: number;
  /** VCS: message lines kept per kept commit. Default: 6. */
  readonly messageLines?: number;
  /** VCS: --stat file lines kept per kept commit (the summary line always stays). Default: 5. */
  readonly statFiles?: number;
  /** VCS: lines kept of an added or deleted file's body in a patch. Default: 8. */
  readonly newFileLines?: number;
  /** git blame: lines kept at the start of each run of lines from one commit. Default: 1. */
  readonly blameRunLines?: number;
  /** Test and build runs: lines kept after each failure, error or warning (location, code frame). Default: 3. */
  readonly alertContext?: number;
  /** Test and build runs: errors of one kind (same code, or same shape) that keep their context lines; later ones keep only their own line. Default: 3. */
  readonly alertContextRepeats?: number;
  /** Test runs: a failure-details block longer than this keeps its first and last halves. Default: 60. */
  readonly failureLines?: number;
  /** Records: records kept field by field; later ones keep `recordHeadLines` lines. Default: 3. */
  readonly headRecords?: number;
  /** Records: lines kept at the top of every record (what it is). Default: 2. */
  readonly recordHeadLines?: number;
  /** Records: fields kept per record at most (beyond them only problems and query matches). Default: 40. */
  readonly headFields?: number;
  /** Records: continuation lines kept per field. Default: 2. */
  readonly continuationLines?: number;
  /** Records: longer values collapse (the key is named in the marker). Default: 200. */
  readonly maxValueChars?: number;
  /** A query word found on more lines than this is not selective and is ignored. Default: 50. */
  readonly maxQueryLines?: number;
  /**
   * Compressor the diff parts of `git show` / `git log -p` go to; `null` keeps them verbatim.
   * Factory-only. Default: `codeCompressor()` from `@headroom/compressor-code` when it is installed.
   */
  readonly diffCompressor?: Compressor | null;
  /**
   * How much to keep, relative to the counts above: every "keep N lines/rows/entries" count is
   * multiplied by it (rounded, never below its minimum); above 1 keeps more, below 1 less. This is
   * what `headroom learn` sets per tool. Default: 1.
   */
  readonly keepFactor?: number;
}

export type ResolvedTextOptions = Required<Omit<TextCompressorOptions, 'diffCompressor'>>;

const DEFAULTS: ResolvedTextOptions = {
  minLines: 8,
  headLines: 2,
  tailLines: 2,
  examples: 2,
  minRepeat: 4,
  headEntries: 3,
  maxGroups: 24,
  standoutSizes: 3,
  headRows: 5,
  headCommits: 10,
  headPatches: 2,
  messageLines: 6,
  statFiles: 5,
  newFileLines: 8,
  blameRunLines: 1,
  alertContext: 3,
  alertContextRepeats: 3,
  failureLines: 60,
  headRecords: 3,
  recordHeadLines: 2,
  headFields: 40,
  continuationLines: 2,
  maxValueChars: 200,
  maxQueryLines: 50,
  keepFactor: 1,
};

/** The counts `keepFactor` scales: what stays visible. Thresholds (minLines, minRepeat, maxGroups...) do not move. */
const KEPT_COUNTS: readonly (keyof ResolvedTextOptions)[] = [
  'headLines', 'tailLines', 'examples', 'headEntries', 'standoutSizes', 'headRows', 'headCommits', 'headPatches', 'messageLines', 'statFiles',
  'newFileLines', 'alertContext', 'failureLines', 'headRecords', 'recordHeadLines', 'headFields', 'continuationLines', 'maxValueChars',
];

const AT_LEAST_ONE = new Set<keyof ResolvedTextOptions>(['minRepeat', 'maxGroups', 'headEntries', 'blameRunLines', 'failureLines', 'maxValueChars']);

/** Defaults filled in, every value checked; throws `invalid_argument` naming the bad option. */
export function resolveTextOptions(...layers: readonly (Readonly<Record<string, unknown>> | undefined)[]): ResolvedTextOptions {
  const resolved: Record<string, unknown> = { ...DEFAULTS };
  for (const layer of layers) {
    for (const [key, value] of Object.entries(layer ?? {})) {
      if (key === 'diffCompressor' || value === undefined) continue;
      if (!(key in DEFAULTS)) throw new HeadroomError('invalid_argument', `text: unknown option ${key}`);
      resolved[key] = value;
    }
  }
  const factor = resolved.keepFactor;
  if (typeof factor !== 'number' || !Number.isFinite(factor) || factor <= 0) throw new HeadroomError('invalid_argument', 'text: keepFactor must be a number > 0');
  for (const key of Object.keys(DEFAULTS) as (keyof ResolvedTextOptions)[]) {
    if (key === 'keepFactor') continue;
    const value = resolved[key];
    const min = AT_LEAST_ONE.has(key) ? 1 : 0;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min) throw new HeadroomError('invalid_argument', `text: ${key} must be an integer >= ${min}`);
  }
  if (factor !== 1) {
    for (const key of KEPT_COUNTS) resolved[key] = Math.max(AT_LEAST_ONE.has(key) ? 1 : 0, Math.round((resolved[key] as number) * factor));
  }
  return resolved as unknown as ResolvedTextOptions;
}
