import { HeadroomError } from '@headroom/core';
import { type MineTemplatesOptions, type ResolvedMinerOptions, resolveMinerOptions } from './mine-templates.js';

export interface LogsCompressorOptions extends MineTemplatesOptions {
  /** A template with at most this many lines is rare: all its lines stay verbatim. Default: 2. */
  readonly rareCount?: number;
  /**
   * Warning-or-worse lines kept verbatim per template, with context: the first ones. The last one
   * and the first of each distinct wording are kept too (without context); further repeats are
   * collapsed with their template. Also the number of stack traces kept whole per kind. Default: 1.
   */
  readonly errorExamples?: number;
  /** Lines kept verbatim before and after each kept warning, error or stack trace. Default: 1. */
  readonly contextLines?: number;
  /** Lines kept verbatim at the start of the log. Default: 1. */
  readonly headLines?: number;
  /** Lines kept verbatim at the end of the log. Default: 1. */
  readonly tailLines?: number;
  /** A template collapses only when at least this many of its lines would be omitted. Default: 3. */
  readonly minCollapse?: number;
  /**
   * Lines matching the query kept verbatim, at most. A query word found on more lines than this
   * is too common to select anything and is ignored. Default: 50.
   */
  readonly maxQueryLines?: number;
  /** Inputs with fewer lines are skipped. Default: 10. */
  readonly minLines?: number;
  /** Put a marker on every collapsed group (its omitted lines, retrievable alone). Default: true. */
  readonly groupMarkers?: boolean;
  /**
   * How much to keep: head/tail lines, context lines, error examples and query lines are multiplied
   * by it (rounded); above 1 keeps more, below 1 less. What `headroom learn` sets per tool. Default: 1.
   */
  readonly keepFactor?: number;
}

export interface ResolvedLogsOptions extends ResolvedMinerOptions {
  readonly rareCount: number;
  readonly errorExamples: number;
  readonly contextLines: number;
  readonly headLines: number;
  readonly tailLines: number;
  readonly minCollapse: number;
  readonly maxQueryLines: number;
  readonly minLines: number;
  readonly groupMarkers: boolean;
}

const COUNTS = ['rareCount', 'errorExamples', 'contextLines', 'headLines', 'tailLines', 'minCollapse', 'maxQueryLines', 'minLines'] as const;

/** Defaults filled in and every value checked; throws `invalid_argument` naming the bad option. */
export function resolveLogsOptions(options: LogsCompressorOptions = {}): ResolvedLogsOptions {
  const resolved: ResolvedLogsOptions = {
    ...resolveMinerOptions(options),
    rareCount: options.rareCount ?? 2,
    errorExamples: options.errorExamples ?? 1,
    contextLines: options.contextLines ?? 1,
    headLines: options.headLines ?? 1,
    tailLines: options.tailLines ?? 1,
    minCollapse: options.minCollapse ?? 3,
    maxQueryLines: options.maxQueryLines ?? 50,
    minLines: options.minLines ?? 10,
    groupMarkers: options.groupMarkers ?? true,
  };
  for (const key of COUNTS) {
    if (!Number.isInteger(resolved[key]) || resolved[key] < 0) throw new HeadroomError('invalid_argument', `logs: ${key} must be an integer >= 0`);
  }
  if (resolved.minCollapse < 2) throw new HeadroomError('invalid_argument', 'logs: minCollapse must be an integer >= 2');
  if (typeof resolved.groupMarkers !== 'boolean') throw new HeadroomError('invalid_argument', 'logs: groupMarkers must be a boolean');
  const factor = options.keepFactor ?? 1;
  if (typeof factor !== 'number' || !Number.isFinite(factor) || factor <= 0) throw new HeadroomError('invalid_argument', 'logs: keepFactor must be a number > 0');
  if (factor === 1) return resolved;
  // What stays visible scales; the thresholds that decide what is a pattern do not.
  const scale = (n: number) => Math.round(n * factor);
  return {
    ...resolved,
    errorExamples: Math.max(1, scale(resolved.errorExamples)),
    contextLines: scale(resolved.contextLines),
    headLines: scale(resolved.headLines),
    tailLines: scale(resolved.tailLines),
    maxQueryLines: Math.max(1, scale(resolved.maxQueryLines)),
  };
}
