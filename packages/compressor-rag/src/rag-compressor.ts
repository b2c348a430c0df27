import { type CompressContext, type Compressor, type CompressResult, compressed, HeadroomError, isHeadroomError, skipped, type Tokenizer } from '@headroom/core';
import { claimRag, detectRag, type RagKind } from './detect-rag.js';
import { compressDocuments } from './internal/compress-documents.js';
import { compressSearch } from './internal/compress-search.js';
import { parseGrep } from './internal/parse-grep.js';
import { parseJsonHits } from './internal/parse-json-hits.js';
import { parseRgJson } from './internal/parse-rg-json.js';
import type { SearchResults } from './internal/search-hit.js';
import { queryTerms } from './internal/terms.js';
import { type RagCompressorOptions, type ResolvedRagOptions, resolveRagOptions } from './rag-compressor-options.js';

/**
 * Retrieved content, query-aware: search results (grep, git grep, rg, `rg --json`, JSON hit arrays)
 * grouped by file with query matches kept, and documents (Markdown, reST, HTML, prose, a retriever's
 * top-k) reduced to their outline and the passages that answer the query. Everything omitted sits
 * behind markers. Lossless mode has nothing to re-encode here and skips.
 */
export function ragCompressor(options: RagCompressorOptions = {}): Compressor {
  const defaults = resolveRagOptions(options);
  // detect() and compress() see the same input one after the other: parse JSON once.
  let last: { input: string; value: unknown } | undefined;
  const parseJson = (input: string): unknown => {
    if (last?.input === input) return last.value;
    let value: unknown;
    try {
      value = input.length <= defaults.maxInputChars ? JSON.parse(input) : undefined;
    } catch {
      value = undefined;
    }
    last = { input, value };
    return value;
  };
  // detect() and compress() see the same input one after the other: the kind judged by detect() is
  // reused (it depends on the input alone; the context only moves the confidence).
  let judged: { input: string; kind: RagKind | undefined } | undefined;
  const kindOf = (input: string, context: CompressContext): RagKind | undefined => {
    if (judged?.input === input) return judged.kind;
    const kind = detectRag(input, context, parseJson)?.kind;
    judged = { input, kind };
    return kind;
  };
  return {
    specificationVersion: 'v1',
    name: 'rag',
    contentTypes: ['search', 'text'],
    detect(input, context) {
      try {
        // Lossless mode: nothing here re-encodes, so JSON hits go back to the JSON compressor's tables.
        if (context?.mode === 'lossless' || input.length > defaults.maxInputChars) return 0;
        const detection = detectRag(input, context, parseJson);
        judged = { input, kind: detection?.kind };
        return detection?.confidence ?? 0;
      } catch {
        return 0;
      }
    },
    // Search output of a search command and documents from a document tool are decided by the
    // hints and a line scan: the pipeline then runs no other detect (the code compressor's parses).
    claim(input, context) {
      try {
        if (context?.mode === 'lossless' || input.length > defaults.maxInputChars) return 0;
        const claimed = claimRag(input, context);
        if (claimed) judged = { input, kind: claimed.kind };
        return claimed?.confidence ?? 0;
      } catch {
        return 0;
      }
    },
    compress(input, context) {
      const resolved = optionsFor(defaults, context);
      if (typeof resolved === 'string') return skipped(resolved);
      if (context.mode === 'lossless') return skipped('lossless: search results and documents are only reduced by omission');
      if (input.length > resolved.maxInputChars) return skipped(`input longer than ${resolved.maxInputChars} characters`);
      if (input.trim().length === 0) return skipped('empty input');
      try {
        const kind = kindOf(input, context);
        // The input's estimate is asked for twice (the budget, the last check): taken once.
        const local = { ...context, tokenizer: estimatingOnce(context.tokenizer, input) };
        const result = kind ? compressAs(kind, input, local, resolved, parseJson) : skipped('not search results or a document');
        // Fewer characters can still be more tokens (a run of `#` is one token per two): never larger in either.
        if (result.type === 'compressed' && (result.text.length >= input.length || local.tokenizer.estimate(result.text) > local.tokenizer.estimate(input))) {
          return skipped('no smaller than the input');
        }
        return result;
      } finally {
        last = undefined;
        judged = undefined;
      }
    },
  };
}

/** `tokenizer`, estimating `input` at most once. */
function estimatingOnce(tokenizer: Tokenizer, input: string): Tokenizer {
  let tokens: number | undefined;
  return { ...tokenizer, estimate: (text) => (text === input ? (tokens ??= tokenizer.estimate(text)) : tokenizer.estimate(text)) };
}

function compressAs(kind: RagKind, input: string, context: CompressContext, options: ResolvedRagOptions, parseJson: (input: string) => unknown): CompressResult {
  const query = queryTerms(context.query);
  if (kind === 'document') {
    const text = compressDocuments(input, query, context, options);
    return text === undefined ? skipped('nothing to omit') : compressed(text);
  }
  let results: SearchResults | undefined;
  if (kind === 'search-text') results = parseGrep(input);
  else if (kind === 'search-rg-json') results = parseRgJson(input);
  else results = parseJsonHits(input, parseJson(input));
  if (!results) return skipped('search results did not parse');
  return compressed(compressSearch(input, results, query, context, options).text);
}

/**
 * `keepFactor` (per call, what `headroom learn` sets per tool): the share of each document and of
 * search hits kept, the minimum kept and the characters of a hit, multiplied by it.
 */
function keepMore(options: ResolvedRagOptions, factor: unknown): ResolvedRagOptions {
  if (typeof factor !== 'number' || !Number.isFinite(factor) || factor <= 0) throw new HeadroomError('invalid_argument', 'rag: keepFactor must be a number > 0');
  return {
    ...options,
    keepRatio: Math.min(1, options.keepRatio * factor),
    searchKeepRatio: Math.min(1, options.searchKeepRatio * factor),
    minKeepTokens: Math.round(options.minKeepTokens * factor),
    maxHitChars: Math.round(options.maxHitChars * factor),
  };
}

/** Per-pipeline options (context.options) override the factory's; a bad one skips, with its reason. */
function optionsFor(defaults: ResolvedRagOptions, context: CompressContext): ResolvedRagOptions | string {
  if (Object.keys(context.options).length === 0) return defaults;
  try {
    const { keepFactor, ...rest } = context.options as RagCompressorOptions & { keepFactor?: unknown };
    const resolved = resolveRagOptions(rest, defaults);
    return keepFactor === undefined ? resolved : keepMore(resolved, keepFactor);
  } catch (error) {
    return isHeadroomError(error) ? error.message : String(error);
  }
}
