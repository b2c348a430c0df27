import { forEachWordAt, mayContain, stem } from './terms.js';

export interface Bm25Parameters {
  /** Term-frequency saturation. */
  readonly k1: number;
  /** Length normalization. */
  readonly b: number;
}

const DEFAULTS: Bm25Parameters = { k1: 1.2, b: 0.75 };
/** Passage length is measured in characters / 6 (about a word): it needs no tokenizing. */
const CHARS_PER_WORD = 6;

export interface Bm25Index {
  /** In how many passages each query term occurs. */
  readonly df: Uint32Array;
  /** Okapi BM25 of each passage, counting only the query terms whose flag is set (all by default). */
  score(active?: readonly boolean[]): Float64Array;
}

/**
 * Okapi BM25 of each passage against the query's stems. Only the query's terms are counted, and a
 * passage that cannot hold any of them (a cheap case-insensitive test) is not even tokenized: a
 * compressor scores one query against one input, once, so there is no index to build.
 */
export function bm25Index(passages: readonly string[], query: readonly string[], parameters: Bm25Parameters = DEFAULTS): Bm25Index {
  const q = query.length;
  const df = new Uint32Array(q);
  if (q === 0 || passages.length === 0) return { df, score: () => new Float64Array(passages.length) };
  const slot = new Map(query.map((term, i) => [term, i] as const));
  const tf = new Uint32Array(passages.length * q);
  const lengths = new Float64Array(passages.length);
  const candidate = mayContain(query);
  const long = query.map((term, i) => [term, i] as const).filter(([term]) => term.length >= 4);
  const inside = (word: string): number | undefined => {
    for (const [term, i] of long) if (word.includes(term)) return i;
    return undefined;
  };
  // An ASCII word can only count when it starts as a query term does, or when it may hold a long
  // term inside: most words are rejected by a table look-up before their string is made. A Porter
  // stem keeps its word's first two letters but for a second `y` that becomes `i` (`ays` → `ai`;
  // checked on every word of up to 4 letters, 487,396 in all), and a word of 2 letters or fewer
  // is its own stem.
  const byPair = query.every((term) => term.length >= 2 && term.charCodeAt(0) < 128 && term.charCodeAt(1) < 128);
  const firsts = new Uint8Array(128);
  const pairs = new Uint8Array(128 * 128);
  for (const term of query) {
    const c = term.charCodeAt(0);
    if (c < 128) firsts[c] = 1;
    if (byPair) pairs[c * 128 + term.charCodeAt(1)] = 1;
  }
  const startsLikeTerm = (text: string, start: number, end: number): boolean => {
    const c = lower(text.charCodeAt(start));
    if (!byPair) return firsts[c] === 1;
    if (end - start < 2) return false;
    const d = lower(text.charCodeAt(start + 1));
    return pairs[c * 128 + d] === 1 || (d === 121 && pairs[c * 128 + 105] === 1);
  };
  const longInside = long.length === 0 ? undefined : new RegExp(long.map(([term]) => term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'i');
  // The query slot of each distinct word (-1: none), decided once: an input repeats its vocabulary.
  const slotOf = new Map<string, number>();
  let total = 0;
  for (let p = 0; p < passages.length; p++) {
    const text = passages[p]!;
    lengths[p] = Math.max(1, text.length / CHARS_PER_WORD);
    total += lengths[p]!;
    if (!candidate.test(text)) continue;
    const base = p * q;
    const mayHoldLong = longInside?.test(text) === true;
    forEachWordAt(text, (start, end, ascii) => {
      if (ascii && (end - start <= 4 || !mayHoldLong) && !startsLikeTerm(text, start, end)) return;
      const word = text.slice(start, end).toLowerCase();
      let i = slotOf.get(word);
      if (i === undefined) {
        // Run-together identifiers (`iterencode`, `floatstr`, `getheaders`) hold a stem of 4+ letters inside.
        i = slot.get(stem(word)) ?? (word.length > 4 ? inside(word) : undefined) ?? -1;
        slotOf.set(word, i);
      }
      if (i < 0) return;
      if (tf[base + i] === 0) df[i]!++;
      tf[base + i]!++;
    });
  }
  const average = total / passages.length;
  const idf = Array.from(df, (d) => Math.log(1 + (passages.length - d + 0.5) / (d + 0.5)));
  const { k1, b } = parameters;
  return {
    df,
    score(active) {
      const scores = new Float64Array(passages.length);
      for (let p = 0; p < passages.length; p++) {
        let score = 0;
        const norm = k1 * (1 - b + (b * lengths[p]!) / average);
        for (let i = 0; i < q; i++) {
          const f = tf[p * q + i]!;
          if (f > 0 && (!active || active[i])) score += (idf[i]! * f * (k1 + 1)) / (f + norm);
        }
        scores[p] = score;
      }
      return scores;
    },
  };
}

/** An ASCII letter in lower case (other characters as they are). */
function lower(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c;
}

/** BM25 of each passage against all the query's terms. */
export function bm25Scores(passages: readonly string[], query: readonly string[], parameters: Bm25Parameters = DEFAULTS): Float64Array {
  return bm25Index(passages, query, parameters).score();
}
