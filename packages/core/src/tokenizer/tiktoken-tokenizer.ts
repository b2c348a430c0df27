import { createRequire } from 'node:module';
import { estimateTokens } from './estimate-tokens.js';
import { type EncodingName, encodingForModel, type Tokenizer } from './tokenizer.js';

interface TiktokenEncoding {
  encode_ordinary(text: string): Uint32Array;
}

const require = createRequire(import.meta.url);
const encodings = new Map<EncodingName, TiktokenEncoding>();

/** Loaded on first use: the wasm module costs ~200 ms and most processes never need exact counts. */
function loadEncoding(name: EncodingName): TiktokenEncoding {
  let encoding = encodings.get(name);
  if (!encoding) {
    const tiktoken = require('tiktoken') as { get_encoding(name: string): TiktokenEncoding };
    encoding = tiktoken.get_encoding(name);
    encodings.set(name, encoding);
  }
  return encoding;
}

/**
 * BPE cost is quadratic in the length of one pre-token, so a long run without whitespace
 * (minified code, base64) is counted in pieces of this many characters: linear cost, and within
 * a fraction of a percent of the exact count.
 */
const MAX_RUN = 1024;
const LONG_RUN = /[^\s]{1025,}/g;

function countWithGuard(encoding: TiktokenEncoding, text: string): number {
  if (text.length <= MAX_RUN || !LONG_RUN.test(text)) {
    LONG_RUN.lastIndex = 0;
    return encoding.encode_ordinary(text).length;
  }
  LONG_RUN.lastIndex = 0;
  let total = 0;
  let last = 0;
  for (const match of text.matchAll(LONG_RUN)) {
    total += encoding.encode_ordinary(text.slice(last, match.index)).length;
    const run = match[0];
    for (let i = 0; i < run.length; i += MAX_RUN) total += encoding.encode_ordinary(run.slice(i, i + MAX_RUN)).length;
    last = match.index + run.length;
  }
  return total + encoding.encode_ordinary(text.slice(last)).length;
}

export interface TokenizerOptions {
  /** The model the content is for; picks the encoding. Default: o200k_base, reported as estimated. */
  readonly model?: string;
  /** Force an encoding regardless of model. */
  readonly encoding?: EncodingName;
}

/** A tiktoken-backed tokenizer (o200k_base or cl100k_base). */
export function createTokenizer(options: TokenizerOptions = {}): Tokenizer {
  const picked = encodingForModel(options.model);
  const encodingName = options.encoding ?? picked.encoding;
  const exact = options.encoding !== undefined || picked.exact;
  return {
    encoding: encodingName,
    exact,
    count: (text) => (text.length === 0 ? 0 : countWithGuard(loadEncoding(encodingName), text)),
    estimate: estimateTokens,
  };
}

/** A tokenizer that only estimates: for hot paths that never need exact counts. */
export function createEstimatingTokenizer(): Tokenizer {
  return { encoding: 'estimate', exact: false, count: estimateTokens, estimate: estimateTokens };
}
