import { type CompressContext, type Compressor, type CompressResult, compressed, isHeadroomError, skipped } from '@headroom/core';
import { detectLogs } from './detect-logs.js';
import { collapseRepeats } from './internal/collapse-repeats.js';
import { keepRareVariants } from './internal/keep-rare-variants.js';
import { queryTerms } from './internal/query-terms.js';
import { renderCollapsed } from './internal/render-collapsed.js';
import { KEEP, selectLines } from './internal/select-lines.js';
import { cacheLineTokens } from './internal/tokenize-line.js';
import { type LogsCompressorOptions, type ResolvedLogsOptions, resolveLogsOptions } from './logs-compressor-options.js';
import { mineUntil } from './mine-templates.js';

/**
 * Compresses plain-text and JSON-lines logs. Lossy mode mines Drain-style templates and collapses
 * each frequent template into one example line with a count and what varies, behind a marker;
 * warnings, errors, stack traces, rare lines, query matches and the ends of the log stay verbatim.
 * Lossless mode only folds runs of identical lines (`line [×N]`).
 */
export function logsCompressor(options: LogsCompressorOptions = {}): Compressor {
  const defaults = resolveLogsOptions(options);
  return {
    specificationVersion: 'v1',
    name: 'logs',
    contentTypes: ['logs'],
    detect: (input) => detectLogs(input),
    compress(input, context) {
      const resolved = optionsFor(defaults, options, context);
      if (typeof resolved === 'string') return skipped(resolved);
      if (input.trim().length === 0) return skipped('empty input');
      const lines = input.split('\n');
      if (lines.length < resolved.minLines) return skipped(`fewer than ${resolved.minLines} lines`);
      const result = context.mode === 'lossless' ? compressLossless(lines) : compressLossy(input, lines, resolved, context);
      if (result.type === 'compressed' && result.text.length >= input.length) return skipped('no smaller than the input');
      return result;
    },
  };
}

/** Per-pipeline options (context.options) override the factory's; a bad one skips, with its reason. */
function optionsFor(defaults: ResolvedLogsOptions, factory: LogsCompressorOptions, context: CompressContext): ResolvedLogsOptions | string {
  if (Object.keys(context.options).length === 0) return defaults;
  try {
    return resolveLogsOptions({ ...factory, ...(context.options as LogsCompressorOptions) });
  } catch (error) {
    return isHeadroomError(error) ? error.message : String(error);
  }
}

function compressLossless(lines: readonly string[]): CompressResult {
  const text = collapseRepeats(lines);
  return text === undefined ? skipped('lossless: no repeated lines to fold') : compressed(text);
}

function compressLossy(input: string, lines: readonly string[], options: ResolvedLogsOptions, context: CompressContext): CompressResult {
  const tokens = cacheLineTokens(lines);
  const mining = mineUntil(lines, options, context.deadline, tokens);
  if (!mining) return skipped('deadline reached while mining templates');
  const { templates, assignments } = mining;
  const selection = selectLines(lines, templates, assignments, queryTerms(context.query), options, tokens);
  const keep = selection.keep;
  keepRareVariants(tokens, mining, keep, options.rareCount);
  keepSmallGroups(keep, assignments, options.minCollapse);
  const body = renderCollapsed({ lines, templates, assignments, keep, tokens, groupMarkers: options.groupMarkers, headerPositions: mining.headerPositions }, context);
  if (body.groups === 0) return skipped('no template repeats often enough to collapse');
  const count = lines.at(-1) === '' ? lines.length - 1 : lines.length;
  const whole = context.offload(input, { summary: `full log, ${count} lines`, kind: 'whole' });
  const alerts = `${selection.warnings > 0 ? `, ${selection.warnings} warning+` : ''}${selection.traces > 0 ? `, ${selection.traces} stack traces` : ''}`;
  const header = `[headroom-logs: ${count} lines, ${templates.length} templates${alerts}; ${body.collapsed} lines in ${body.groups} [×N] groups; full log ${whole}]`;
  return compressed([header, ...body.lines].join('\n'));
}

/** A group with fewer omitted lines than `minCollapse` costs more collapsed than verbatim. */
function keepSmallGroups(keep: Uint8Array, assignments: Int32Array, minCollapse: number): void {
  const omitted = new Map<number, number>();
  for (let i = 0; i < keep.length; i++) {
    if (!keep[i]) omitted.set(assignments[i]!, (omitted.get(assignments[i]!) ?? 0) + 1);
  }
  for (let i = 0; i < keep.length; i++) {
    if (!keep[i] && omitted.get(assignments[i]!)! < minCollapse) keep[i] = KEEP;
  }
}
