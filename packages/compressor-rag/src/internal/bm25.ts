import { ACCEPT, BY_THIRD, forEachWordAt, mayContain, stem, type WordFilter } from './terms.js';

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
 * The pair table of the call in progress (see `WordFilter`), cleared as each call starts: a new one
 * per call was most of what scoring allocated (16 KB, two or three calls per input).
 */
const PAIRS = new Uint8Array(128 * 128);

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
  const long = query.map((term, i) => [term, i] as const).filter(([term]) => term.length >= 4);
  const inside = (word: string): number | undefined => {
    for (const [term, i] of long) if (word.includes(term)) return i;
    return undefined;
  };
  // An ASCII word can only count when it starts as a query term does, or when it may hold a long
  // term inside: most words are rejected by the scan's table look-ups before their string is made.
  // A Porter stem keeps its word's first two letters but for a second `y` that becomes `i` (`ays`
  // → `ai`; checked on every word of up to 4 letters, 487,396 in all), and a word of 2 letters or
  // fewer is its own stem; a stem of 3 letters or more keeps its word's first three, a `y` second
  // or third becoming `i` (`buys` → `bui`; checked on 373,961 words of /usr/share/doc, Python's
  // stdlib and node_modules). A query with a one-letter or non-ASCII term selects by first letter.
  const byPair = query.every((term) => term.length >= 2 && term.charCodeAt(0) < 128 && term.charCodeAt(1) < 128);
  const pairs = PAIRS.fill(0);
  const triples = new Set<number>();
  for (const term of query) {
    const c = term.charCodeAt(0);
    if (c >= 128) continue;
    if (!byPair) {
      pairs.fill(ACCEPT, c * 128, c * 128 + 128);
      continue;
    }
    const third = term.length >= 3 && term.charCodeAt(2) < 128 ? term.charCodeAt(2) : -1;
    for (const second of orY(term.charCodeAt(1))) {
      const pair = c * 128 + second;
      if (third < 0) pairs[pair] = ACCEPT;
      else {
        if (pairs[pair] !== ACCEPT) pairs[pair] = BY_THIRD;
        for (const t of orY(third)) triples.add(pair * 128 + t);
      }
    }
  }
  const filter: WordFilter = { pairs, triples, spans: [], next: 0 };
  // A word holding a long term overlaps one of this pattern's matches in its passage (a match that
  // runs across words may hide another, but then it overlaps that one's word too).
  const longInside = long.length === 0 ? undefined : new RegExp(long.map(([term]) => term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'gi');
  // The query slot of each distinct word (-1: none), decided once: an input repeats its vocabulary.
  const slotOf = new Map<string, number>();
  // The passages in one text, each followed by a line break (no term or word runs across one):
  // the candidate and long-term patterns run once over it, not once or twice per passage, which
  // was most of the time of scoring a search output's thousands of short lines.
  const joined = passages.join('\n');
  const starts = new Uint32Array(passages.length + 1);
  let total = 0;
  for (let p = 0; p < passages.length; p++) {
    const length = passages[p]!.length;
    starts[p + 1] = starts[p]! + length + 1;
    lengths[p] = Math.max(1, length / CHARS_PER_WORD);
    total += lengths[p]!;
  }
  const candidates = passagesMatching(mayContain(query, 'g'), joined, starts);
  filter.spans = longInside === undefined ? [] : matchSpans(longInside, joined);
  let base = 0;
  const count = (start: number, end: number) => {
    const word = joined.slice(start, end).toLowerCase();
    let i = slotOf.get(word);
    if (i === undefined) {
      // Run-together identifiers (`iterencode`, `floatstr`, `getheaders`) hold a stem of 4+ letters inside.
      i = slot.get(stem(word)) ?? (word.length > 4 ? inside(word) : undefined) ?? -1;
      slotOf.set(word, i);
    }
    if (i < 0) return;
    if (tf[base + i] === 0) df[i]!++;
    tf[base + i]!++;
  };
  for (let p = 0; p < passages.length; p++) {
    if (!candidates[p]) continue;
    base = p * q;
    forEachWordAt(joined, count, filter, starts[p]!, starts[p + 1]! - 1);
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

/**
 * 1 for each passage of `joined` (passage p from `starts[p]` to `starts[p + 1] - 1`) where the
 * global `pattern` matches: one match is enough, the search goes on from the next passage.
 */
function passagesMatching(pattern: RegExp, joined: string, starts: Uint32Array): Uint8Array {
  const marks = new Uint8Array(starts.length - 1);
  let p = 0;
  for (pattern.lastIndex = 0; pattern.test(joined); ) {
    const at = pattern.lastIndex - 1;
    while (starts[p + 1]! <= at) p++;
    marks[p] = 1;
    pattern.lastIndex = starts[p + 1]!;
  }
  return marks;
}

/** Start and end offsets of each match of a global `pattern` in `text`, flat. */
function matchSpans(pattern: RegExp, text: string): number[] {
  const spans: number[] = [];
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) spans.push(match.index, match.index + match[0].length);
  return spans;
}

/** A stem's `i` may be its word's `y` (`buys` → `bui`). */
function orY(c: number): number[] {
  return c === 105 ? [105, 121] : [c];
}

/** BM25 of each passage against all the query's terms. */
export function bm25Scores(passages: readonly string[], query: readonly string[], parameters: Bm25Parameters = DEFAULTS): Float64Array {
  return bm25Index(passages, query, parameters).score();
}
