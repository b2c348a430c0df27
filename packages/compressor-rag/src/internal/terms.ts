import { stemmer } from 'stemmer';

/**
 * Words of identifiers and prose: `FormComponent12` → form, component, 12; `form_state` → form,
 * state; `HTMLInputElement` → html, input, element. Letters of any script count (`Röntgen`).
 * Used for queries; texts are scanned by `forEachTerm`, which splits the same way.
 */
const WORD = /\p{Lu}+(?=\p{Lu}\p{Ll})|\p{Lu}?\p{Ll}+|\p{Lu}+|\p{L}+|\p{N}+/gu;

/** Stems are cached: a document repeats a small vocabulary, and the stemmer is the slow part. */
const STEMS = new Map<string, string>();
const STEM_CACHE_LIMIT = 100_000;

/** The Porter stem of a lowercase word: `forms` and `form` meet at `form`, `released` and `releases` at `releas`. */
export function stem(word: string): string {
  let cached = STEMS.get(word);
  if (cached === undefined) {
    cached = word.length <= 2 || !/^[a-z]+$/.test(word) ? word : stemmer(word);
    if (STEMS.size >= STEM_CACHE_LIMIT) STEMS.clear();
    STEMS.set(word, cached);
  }
  return cached;
}

// Character classes: 0 other, 1 ASCII upper, 2 ASCII lower, 3 digit, 4 another script's letter.
const OTHER = 0;
const UPPER = 1;
const LOWER = 2;
const DIGIT = 3;
const LETTER = 4;
const CLASSES = new Uint8Array(65536).fill(255);
const LETTER_PATTERN = /\p{L}/u;

const ASCII_CLASSES = new Uint8Array(128);
for (let c = 0; c < 128; c++) ASCII_CLASSES[c] = c >= 97 && c <= 122 ? LOWER : c >= 65 && c <= 90 ? UPPER : c >= 48 && c <= 57 ? DIGIT : OTHER;

function classOf(c: number): number {
  if (c < 128) return ASCII_CLASSES[c]!;
  let k = CLASSES[c]!;
  if (k === 255) {
    k = LETTER_PATTERN.test(String.fromCharCode(c)) ? LETTER : OTHER;
    CLASSES[c] = k;
  }
  return k;
}

/**
 * Calls `visit` with the stem of every word in `text`, in order: the same words as `WORD`, by a
 * hand-written scan (a Unicode regex was the slowest part of scoring a large search output).
 */
export function forEachTerm(text: string, visit: (term: string, word: string) => void): void {
  forEachWord(text, (word) => visit(stem(word), word));
}

/** Calls `visit` with every lowercase word of `text`, in order, unstemmed (the words `forEachTerm` stems). */
export function forEachWord(text: string, visit: (word: string) => void): void {
  forEachWordAt(text, (start, end) => visit(text.slice(start, end).toLowerCase()));
}

/**
 * Which ASCII words a scan hands over (words with another script's letter always go): by their
 * first two characters in lower case, `pairs[first * 128 + second]` (a one-character word:
 * `pairs[first * 128]`) is `ACCEPT`, or `BY_THIRD` and `triples` holds the first three
 * (`(first * 128 + second) * 128 + third`); and any word of 5 characters or more that overlaps one
 * of `spans` (start and end offsets in order, flat; the scan moves `next` along them).
 */
export interface WordFilter {
  readonly pairs: Uint8Array;
  readonly triples: ReadonlySet<number>;
  spans: readonly number[];
  next: number;
}

export const ACCEPT = 1;
export const BY_THIRD = 2;

function passes(filter: WordFilter, text: string, start: number, end: number): boolean {
  const length = end - start;
  if (length > 4 && filter.spans.length > 0) {
    const spans = filter.spans;
    while (filter.next < spans.length && spans[filter.next + 1]! <= start) filter.next += 2;
    if (filter.next < spans.length && spans[filter.next]! < end) return true;
  }
  const pair = lowerAscii(text.charCodeAt(start)) * 128 + (length > 1 ? lowerAscii(text.charCodeAt(start + 1)) : 0);
  const verdict = filter.pairs[pair];
  if (verdict === ACCEPT) return true;
  return verdict === BY_THIRD && length > 2 && filter.triples.has(pair * 128 + lowerAscii(text.charCodeAt(start + 2)));
}

/**
 * Calls `visit` with the offsets of every word of `text` (the words `forEachWord` lowercases), and
 * whether the word is all ASCII (letters and digits). With a `filter`, ASCII words it rejects are
 * skipped in the scan itself: most words of a passage are, and a call per word was the main cost
 * of scoring one. `from` and `to` scan a part of `text`; neither may fall inside a word.
 */
export function forEachWordAt(text: string, visit: (start: number, end: number, ascii: boolean) => void, filter?: WordFilter, from = 0, to = text.length): void {
  const n = text.length;
  let i = from;
  while (i < to) {
    const k = classOf(text.charCodeAt(i));
    if (k === OTHER) {
      i++;
      continue;
    }
    let j = i + 1;
    let ascii = k !== LETTER;
    if (k === DIGIT) {
      while (j < n && classOf(text.charCodeAt(j)) === DIGIT) j++;
    } else if (k === UPPER) {
      const next = j < n ? classOf(text.charCodeAt(j)) : OTHER;
      if (next === LOWER || next === LETTER) {
        j = lowerRunEnd(text, j);
        if (runHadLetter) ascii = false;
      } else {
        // An acronym: `HTMLInput` → HTML, Input (the last capital starts the next word).
        while (j < n && classOf(text.charCodeAt(j)) === UPPER) j++;
        if (j < n && j - i > 1 && isLowerish(classOf(text.charCodeAt(j)))) j--;
      }
    } else {
      j = lowerRunEnd(text, j);
      if (runHadLetter) ascii = false;
    }
    if (filter === undefined || !ascii || passes(filter, text, i, j)) visit(i, j, ascii);
    i = j;
  }
}

/** An ASCII letter in lower case (other characters as they are). */
function lowerAscii(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c;
}

/** Whether the run `lowerRunEnd` last measured held another script's letter. */
let runHadLetter = false;

/** The end of the run of lowercase letters (any script's) starting at `j`. */
function lowerRunEnd(text: string, j: number): number {
  runHadLetter = false;
  const n = text.length;
  while (j < n) {
    const c = text.charCodeAt(j);
    if (c >= 97 && c <= 122) j++;
    else if (c >= 128 && classOf(c) === LETTER) {
      runHadLetter = true;
      j++;
    } else break;
  }
  return j;
}

function isLowerish(k: number): boolean {
  return k === LOWER || k === LETTER;
}

/**
 * A case-insensitive test that a text may hold one of the stems (their first three letters): a
 * text that fails it cannot contain a word stemming to any of them, and need not be tokenized.
 */
export function mayContain(stems: readonly string[], flags = ''): RegExp {
  const heads = [...new Set(stems.map((s) => s.slice(0, 3).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))];
  return new RegExp(heads.join('|'), `i${flags}`);
}

/** The stems of every word in `text`, in order. */
export function terms(text: string): string[] {
  const out: string[] = [];
  forEachTerm(text, (term) => out.push(term));
  return out;
}

// Words that ask rather than name: they select nothing in a document or a search result.
const STOPWORDS = new Set(
  (
    'a an and are as at be been being but by can could did do does doing for from had has have how i if in into is it its ' +
    'me my no not of on or our so some such than that the their them then there these they this those to too us was we were ' +
    'what when where which while who whom why will with would you your all any each find show list get give tell use used using ' +
    'about after before also please want need know look looking see does did code file files'
  ).split(' '),
);

/** The stems a query selects by: content words only, each once, in query order. */
export function queryTerms(query: string | undefined): string[] {
  if (!query) return [];
  const out: string[] = [];
  WORD.lastIndex = 0;
  for (let match = WORD.exec(query); match !== null; match = WORD.exec(query)) {
    const word = match[0].toLowerCase();
    if (STOPWORDS.has(word) || (word.length < 2 && !/\d/.test(word))) continue;
    const term = stem(word);
    if (!out.includes(term)) out.push(term);
  }
  return out;
}
