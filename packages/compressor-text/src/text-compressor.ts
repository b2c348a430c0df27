import { type CompressContext, type Compressor, type CompressResult, compressed, estimateTokens, isHeadroomError, skipped } from '@headroom/core';
import { commandRoute, type TextFamily } from './command-family.js';
import { detectText, type TextDetection } from './detect-text.js';
import type { FamilyInput } from './internal/families/family.js';
import { genericSelection } from './internal/families/generic.js';
import { type DiffDelegate, gitLogSelection, isCommitLog, isOnelineLog } from './internal/families/git-log.js';
import { gitBlameSelection, isGitBlame } from './internal/families/git-blame.js';
import { gitStatusSelection } from './internal/families/git-status.js';
import { listingFormat, listingSelection } from './internal/families/listing.js';
import { recordFormat, recordsSelection } from './internal/families/records.js';
import { tableHeaderEnd, tableSelection } from './internal/families/table.js';
import { testRunSelection } from './internal/families/test-run.js';
import { sampleLines } from './internal/lines.js';
import { tokenFloor } from './internal/token-floor.js';
import { matchQuery } from './match-query.js';
import { renderSelection, type Selection } from './internal/render.js';
import { type ResolvedTextOptions, resolveTextOptions, type TextCompressorOptions } from './text-compressor-options.js';

const MIN_SAVING = 0.05;

/**
 * Compresses what shell commands print — listings, tables, VCS history, test and build runs,
 * key-value records, and other repetitive line-oriented text — into a true subset of its lines
 * plus markers, each saying what and how much it replaced. Routed by the command line when the
 * host knows it (`context.hints.command`), by content otherwise. Lossy only: lossless mode skips.
 */
export function textCompressor(options: TextCompressorOptions = {}): Compressor {
  const { diffCompressor, ...rest } = options;
  const defaults = resolveTextOptions(rest);
  let delegate: Promise<Compressor | null> | undefined;
  const diffs = (): Promise<Compressor | null> => {
    if (diffCompressor !== undefined) return Promise.resolve(diffCompressor);
    delegate ??= codePackage().then((module) => module?.codeCompressor() ?? null);
    return delegate;
  };
  // The pipeline calls detect() then compress() on the same string: detect once.
  let last: { input: string; command: string | undefined; toolName: string | undefined; detection: TextDetection | undefined } | undefined;
  const detectOnce = (input: string, context: CompressContext): TextDetection | undefined => {
    const hints = hintsOf(context);
    if (last && last.input === input && last.command === hints.command && last.toolName === hints.toolName) return last.detection;
    const detection = detectText(input, hints);
    last = { input, command: hints.command, toolName: hints.toolName, detection };
    return detection;
  };
  return {
    specificationVersion: 'v1',
    name: 'text',
    contentTypes: ['text'],
    detect(input, context) {
      try {
        return detectOnce(input, context)?.confidence ?? 0;
      } catch {
        return 0;
      }
    },
    // A command line that names the family is decisive (0.97, CLAIM_CONFIDENCE): the pipeline then
    // runs no other detect. The same cached detection, so a claim costs one look at the sample;
    // hints that name no family (a search command, a document tool) cost no look at all.
    claim(input, context) {
      try {
        const hints = hintsOf(context);
        const route = commandRoute(hints.command, hints.toolName);
        const detection = route !== undefined && route !== 'none' ? detectOnce(input, context) : undefined;
        return detection?.by === 'command' ? detection.confidence : 0;
      } catch {
        return 0;
      }
    },
    async compress(input, context) {
      let resolved: ResolvedTextOptions;
      try {
        resolved = Object.keys(context.options).length === 0 ? defaults : resolveTextOptions(rest, context.options);
      } catch (error) {
        return skipped(isHeadroomError(error) ? error.message : String(error));
      }
      if (context.mode === 'lossless') return skipped('lossless mode: command output is shortened only by omitting lines');
      if (input.trim().length === 0) return skipped('empty input');
      const lines = input.split('\n');
      if (lines.length < resolved.minLines) return skipped(`fewer than ${resolved.minLines} lines`);
      const family = detectOnce(input, context)?.family ?? 'generic';
      const familyInput: FamilyInput = { lines, query: matchQuery(context.query, lines, resolved.maxQueryLines, input), options: resolved };
      const delegateDiff = async (diff: string) => compressDiff(diff, context, await diffs());
      const selection = await select(family, familyInput, input, delegateDiff);
      const rendered = renderSelection(selection, context, selection.lines === lines ? input : undefined);
      if (rendered.markers === 0 && selection.replacements === undefined) return skipped(`${family}: nothing worth collapsing`);
      if (rendered.text.length >= input.length) return skipped(`${family}: no smaller than the input`);
      // A few markers in output that is nearly all must-keep lines (hundreds of errors) are noise, not savings.
      if (rendered.text.length > input.length * (1 - MIN_SAVING)) return skipped(`${family}: saves under ${MIN_SAVING * 100}%`);
      // Fewer characters is not always fewer tokens: a long run of spaces is a few tokens, its marker ~30.
      const after = context.tokenizer.estimate(rendered.text);
      // The input's estimate is a pass over all of it: taken only when a cheap lower bound does not settle it.
      // (The floor holds for core's estimateTokens; another tokenizer's estimate is always taken.)
      const settled = context.tokenizer.estimate === estimateTokens && after < tokenFloor(input, lines.length - 1);
      if (!settled && after >= context.tokenizer.estimate(input)) return skipped(`${family}: no fewer tokens than the input`);
      return compressed(rendered.text);
    },
  };
}

type CodePackage = typeof import('@headroom/compressor-code');
let codeModule: Promise<CodePackage | null> | undefined;

/**
 * The code package owns diffs; it is an optional peer, used when installed. Imported once per
 * process, not once per compressor: a host that builds pipelines often (one per request, per
 * test) would otherwise resolve the module again inside the first compression of each.
 */
function codePackage(): Promise<CodePackage | null> {
  codeModule ??= import('@headroom/compressor-code').then(
    (module) => module,
    () => null,
  );
  return codeModule;
}

function hintsOf(context: CompressContext): { command?: string; toolName?: string } {
  return {
    ...(context.hints?.command !== undefined ? { command: context.hints.command } : {}),
    ...(context.toolName !== undefined ? { toolName: context.toolName } : {}),
  };
}

/** The family's selection; a family whose format the content does not fit falls back to the generic one. */
async function select(family: TextFamily, input: FamilyInput, text: string, delegate: DiffDelegate): Promise<Selection> {
  const sample = sampleLines(text, 200);
  switch (family) {
    case 'listing': {
      const format = listingFormat(sample);
      return format ? listingSelection(input, format) : genericSelection(input);
    }
    case 'table': {
      const end = tableHeaderEnd(input.lines);
      return end >= 0 ? tableSelection(input, end) : genericSelection(input);
    }
    case 'vcs-log':
      if (isCommitLog(sample)) return gitLogSelection(input, false, delegate);
      return isOnelineLog(sample) ? gitLogSelection(input, true, delegate) : genericSelection(input);
    case 'vcs-status':
      return gitStatusSelection(input);
    case 'vcs-blame':
      return isGitBlame(sample) ? gitBlameSelection(input) : genericSelection(input);
    case 'test-run':
      return testRunSelection(input);
    case 'records': {
      const format = recordFormat(sample);
      return format ? recordsSelection(input, format) : genericSelection(input);
    }
    default:
      return genericSelection(input);
  }
}

/** Hands a diff to the diff compressor; its text (with its own markers) when it made it smaller. Fails open. */
async function compressDiff(diff: string, context: CompressContext, compressor: Compressor | null): Promise<string | undefined> {
  if (!compressor) return undefined;
  try {
    const result: CompressResult = await compressor.compress(diff, { ...context, hints: { language: 'diff' }, options: {} });
    return result.type === 'compressed' && result.text.length < diff.length ? result.text : undefined;
  } catch {
    return undefined;
  }
}
