import { asciiWordValues } from './ascii-word-table.js';
import { classOf, forEachWordAt, isWordStart, mayContain, stem, wordEnd } from './terms.js';

export interface Bm25Parameters {
  /** Term-frequency saturation. */
  readonly k1: number;
  /** Length normalization. */
  readonly b: number;
  /**
   * ASCII passages at least this long find their candidate words by regex; shorter ones are
   * scanned word by word. Documents' sentences gain by it (11% of a document's CPU through the
   * pipeline); search hits' lines lose (the regex calls per line cost more than a scan): off there.
   */
  readonly findFromChars?: number;
}

const DEFAULTS: Bm25Parameters = { k1: 1.2, b: 0.75 };
/** What documents use: `findFromChars` 120. */
export const DOCUMENT_BM25: Bm25Parameters = { ...DEFAULTS, findFromChars: 120 };
/** A term of two letters (or a third that is not `a`–`z`): any third letter may follow its first two. */
const ANY_THIRD = 1 << 26;
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
  // term inside: most words are rejected by a table look-up before they are looked up. A Porter
  // stem keeps its word's first three letters but for a `y` second or third that becomes `i`
  // (`ays` → `ai`, `says` → `sai`): checked on every word of up to 4 letters (474,552), 632,736
  // five-letter ones and 178,334 real words of /usr/share/doc, Python's stdlib and node_modules; a
  // stem of 2 letters keeps its word's first two. A word of 2 letters or fewer is its own stem.
  const byPair = query.every((term) => term.length >= 2 && term.charCodeAt(0) < 128 && term.charCodeAt(1) < 128);
  const firsts = new Uint8Array(128);
  // Per first two letters of a term: a bit per third letter `a`–`z` its terms allow, or ANY.
  const thirds = new Int32Array(128 * 128);
  for (const term of query) {
    const c = term.charCodeAt(0);
    if (c < 128) firsts[c] = 1;
    if (!byPair) continue;
    const at = c * 128 + term.charCodeAt(1);
    const third = term.length >= 3 ? term.charCodeAt(2) : -1;
    if (third >= 97 && third <= 122) thirds[at]! |= (1 << (third - 97)) | (third === 105 ? 1 << (121 - 97) : 0);
    else thirds[at]! |= ANY_THIRD;
  }
  const startsLikeTerm = (text: string, start: number, end: number): boolean => {
    const c = lower(text.charCodeAt(start));
    if (!byPair) return firsts[c] === 1;
    if (end - start < 2) return false;
    const d = lower(text.charCodeAt(start + 1));
    const allowed = thirds[c * 128 + d]! | (d === 121 ? thirds[c * 128 + 105]! : 0);
    if (allowed === 0) return false;
    if (end - start < 3 || (allowed & ANY_THIRD) !== 0) return true;
    const e = lower(text.charCodeAt(start + 2));
    return e >= 97 && e <= 122 && (allowed & (1 << (e - 97))) !== 0;
  };
  const longInside = long.length === 0 ? undefined : new RegExp(long.map(([term]) => term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'i');
  // Where a counted word may start in an ASCII passage: the regex engine finds the few places where
  // a query term's first letters occur (and where a long term occurs inside a word), and only the
  // words there are measured, instead of every word of the passage.
  const findFromChars = parameters.findFromChars ?? Number.POSITIVE_INFINITY;
  const starts = byPair && Number.isFinite(findFromChars) ? startsPattern(query) : undefined;
  const longAt = long.length === 0 ? undefined : new RegExp(`(?=${long.map(([term]) => escapeRegex(term)).join('|')})`, 'gi');
  const at: number[] = [];
  const inner: number[] = [];
  const count = (base: number, i: number) => {
    if (i < 0) return;
    if (tf[base + i] === 0) df[i]!++;
    tf[base + i]!++;
  };
  // The query slot of each distinct word (-1: none), decided once: an input repeats its vocabulary.
  const slotFor = (word: string, stemmed: string): number => slot.get(stemmed) ?? (word.length > 4 ? inside(word) : undefined) ?? -1;
  // ASCII words are found again by their characters, without a string each; others (rare) by string.
  const asciiSlots = asciiWordValues(slotFor);
  const otherSlots = new Map<string, number>();
  let total = 0;
  for (let p = 0; p < passages.length; p++) {
    const text = passages[p]!;
    lengths[p] = Math.max(1, text.length / CHARS_PER_WORD);
    total += lengths[p]!;
    if (!candidate.test(text)) continue;
    const base = p * q;
    const mayHoldLong = longInside?.test(text) === true;
    if (starts && text.length >= findFromChars && !NON_ASCII.test(text)) {
      at.length = 0;
      starts.lastIndex = 0;
      while (starts.test(text)) {
        at.push(starts.lastIndex);
        starts.lastIndex++;
      }
      // A long term inside a word: the word it is in (only words of 5+ letters look inside).
      inner.length = 0;
      if (mayHoldLong && longAt) {
        longAt.lastIndex = 0;
        while (longAt.test(text)) {
          let from = longAt.lastIndex;
          longAt.lastIndex++;
          while (from > 0 && !isWordStart(text, from)) from--;
          inner.push(from);
        }
      }
      // Both lists ascend: merged, each place once.
      let previous = -1;
      for (let a = 0, b = 0; a < at.length || b < inner.length; ) {
        const start = b >= inner.length || (a < at.length && at[a]! <= inner[b]!) ? at[a++]! : inner[b++]!;
        if (start === previous || !isWordStart(text, start)) continue;
        previous = start;
        const end = wordEnd(text, start, classOf(text.charCodeAt(start)));
        if ((end - start <= 4 || !mayHoldLong) && !startsLikeTerm(text, start, end)) continue;
        count(base, asciiSlots.get(text, start, end));
      }
      continue;
    }
    forEachWordAt(text, (start, end, ascii) => {
      if (ascii) {
        if ((end - start <= 4 || !mayHoldLong) && !startsLikeTerm(text, start, end)) return;
        count(base, asciiSlots.get(text, start, end));
        return;
      }
      const word = text.slice(start, end).toLowerCase();
      let i = otherSlots.get(word);
      if (i === undefined) {
        i = slotFor(word, stem(word));
        otherSlots.set(word, i);
      }
      count(base, i);
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

const NON_ASCII = /[^\x00-\x7f]/;

function escapeRegex(term: string): string {
  return term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A zero-width pattern at every place an ASCII word passing `startsLikeTerm` may start: each term's
 * first three letters (two for a term of two, or when its third is not a letter), with `i` also
 * matched as the `y` it may have been.
 */
function startsPattern(query: readonly string[]): RegExp {
  const heads = new Set<string>();
  const letters = (c: string) => (c === 'i' ? ['i', 'y'] : [c]);
  for (const term of query) {
    const third = term.charCodeAt(2);
    for (const second of letters(term[1]!)) {
      if (term.length >= 3 && third >= 97 && third <= 122) for (const last of letters(term[2]!)) heads.add(`${term[0]}${second}${last}`);
      else heads.add(`${term[0]}${second}`);
    }
  }
  return new RegExp(`(?=${[...heads].map(escapeRegex).join('|')})`, 'gi');
}

/** An ASCII letter in lower case (other characters as they are). */
function lower(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c;
}

/** BM25 of each passage against all the query's terms. */
export function bm25Scores(passages: readonly string[], query: readonly string[], parameters: Bm25Parameters = DEFAULTS): Float64Array {
  return bm25Index(passages, query, parameters).score();
}
