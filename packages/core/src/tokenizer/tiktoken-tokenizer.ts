import { createRequire } from 'node:module';
import { estimateTokens } from './estimate-tokens.js';
import { splitLongRuns } from './split-long-runs.js';
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
 * BPE cost is quadratic in the length of one pre-token, and tiktoken's pre-tokenizer overflows its
 * stack on a long run of whitespace, so a long run of whitespace or non-whitespace (minified code,
 * base64, padding, a 20 MB line) is counted in pieces of about this many UTF-8 bytes: linear cost,
 * and within a fraction of a percent of the exact count (a cut may split one token in two).
 */
const MAX_RUN = 256;
/** Cut pieces of one long run repeat often (`=====`, `xxxx`): their counts are remembered, up to this many per call. */
const PIECE_MEMO = 1024;

function countWithGuard(encoding: TiktokenEncoding, text: string): number {
  let total = 0;
  const memo = new Map<string, number>();
  splitLongRuns(text, MAX_RUN, (piece, repeatable) => {
    if (!repeatable) {
      total += encoding.encode_ordinary(piece).length;
      return;
    }
    let count = memo.get(piece);
    if (count === undefined) {
      count = encoding.encode_ordinary(piece).length;
      if (memo.size < PIECE_MEMO) memo.set(piece, count);
    }
    total += count;
  });
  return total;
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
