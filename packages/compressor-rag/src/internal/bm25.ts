import { forEachTerm } from './terms.js';

export interface Bm25Parameters {
  /** Term-frequency saturation. */
  readonly k1: number;
  /** Length normalization. */
  readonly b: number;
}

const DEFAULTS: Bm25Parameters = { k1: 1.2, b: 0.75 };

/**
 * Okapi BM25 of each passage against the query's stems, in one pass over the text. Only the
 * query's terms are counted (plus each passage's length), so the cost is the tokenizing, not
 * an index: a compressor scores one query against one input, once.
 */
export function bm25Scores(passages: readonly string[], query: readonly string[], parameters: Bm25Parameters = DEFAULTS): Float64Array {
  const scores = new Float64Array(passages.length);
  if (query.length === 0 || passages.length === 0) return scores;
  const slot = new Map(query.map((term, i) => [term, i] as const));
  const tf = new Uint32Array(passages.length * query.length);
  const lengths = new Uint32Array(passages.length);
  const df = new Uint32Array(query.length);
  let total = 0;
  for (let p = 0; p < passages.length; p++) {
    let length = 0;
    const base = p * query.length;
    forEachTerm(passages[p]!, (term) => {
      length++;
      const i = slot.get(term);
      if (i !== undefined) {
        if (tf[base + i] === 0) df[i]!++;
        tf[base + i]!++;
      }
    });
    lengths[p] = length;
    total += length;
  }
  const average = total / passages.length || 1;
  const idf = Array.from(df, (d) => Math.log(1 + (passages.length - d + 0.5) / (d + 0.5)));
  const { k1, b } = parameters;
  for (let p = 0; p < passages.length; p++) {
    let score = 0;
    const norm = k1 * (1 - b + (b * lengths[p]!) / average);
    for (let i = 0; i < query.length; i++) {
      const f = tf[p * query.length + i]!;
      if (f > 0) score += (idf[i]! * f * (k1 + 1)) / (f + norm);
    }
    scores[p] = score;
  }
  return scores;
}
