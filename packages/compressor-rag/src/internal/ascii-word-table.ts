import { stem } from './terms.js';

/** A value per distinct ASCII word, looked up by the word's offsets in a text. */
export interface AsciiWordValues {
  /** `compute(word, stem(word))` for `word = text.slice(start, end).toLowerCase()`, computed once per distinct word. */
  get(text: string, start: number, end: number): number;
}

const INITIAL_CAPACITY = 4096;
/** Distinct words remembered across calls before the table starts afresh (as the stem cache does). */
const MAX_WORDS = 100_000;

// One table for the process: lowercase ASCII words and their stems, found again by a hash of the
// characters and a character compare, without slicing or lowercasing a string (a string and a
// stem-cache look-up per word were most of what BM25 cost). Open addressing, grown at half full.
let capacity = INITIAL_CAPACITY;
let mask = capacity - 1;
/** Per table position: entry + 1, or 0 when empty. */
let positions = new Int32Array(capacity);
const words: string[] = [];
const stems: string[] = [];
let hashes = new Int32Array(capacity);
/** Per entry: the call (`generation`) that last computed its value, and that value. */
let stamps = new Int32Array(capacity);
let values = new Int32Array(capacity);
let generation = 0;

/**
 * `compute` over the lowercase ASCII words (letters and digits) of a text, computed once per
 * distinct word for this caller. Only for such words: lowercasing one is `+ 32` on `A`–`Z`, so no
 * string is needed to know it. A later call gets a fresh set of values (a new generation) over the
 * same words and stems.
 */
export function asciiWordValues(compute: (word: string, stem: string) => number): AsciiWordValues {
  if (generation >= 0x3fffffff) {
    generation = 0;
    reset();
  }
  const mine = ++generation;
  return {
    get(text, start, end) {
      // FNV-1a over the lowercase characters.
      let hash = 0x811c9dc5 | 0;
      for (let k = start; k < end; k++) {
        let c = text.charCodeAt(k);
        if (c >= 65 && c <= 90) c += 32;
        hash = Math.imul(hash ^ c, 0x01000193);
      }
      let entry = -1;
      for (let at = hash & mask; ; at = (at + 1) & mask) {
        const e = positions[at]! - 1;
        if (e < 0) break;
        if (hashes[e] === hash && sameLowercase(words[e]!, text, start, end)) {
          entry = e;
          break;
        }
      }
      if (entry < 0) entry = add(hash, text.slice(start, end).toLowerCase());
      if (stamps[entry] === mine) return values[entry]!;
      const value = compute(words[entry]!, stems[entry]!);
      stamps[entry] = mine;
      values[entry] = value;
      return value;
    },
  };
}

function add(hash: number, word: string): number {
  if (words.length >= MAX_WORDS) reset();
  const entry = words.length;
  words.push(word);
  stems.push(stem(word));
  if (entry >= hashes.length) {
    hashes = grown(hashes, hashes.length * 2);
    stamps = grown(stamps, stamps.length * 2);
    values = grown(values, values.length * 2);
  }
  hashes[entry] = hash;
  stamps[entry] = 0;
  place(hash, entry);
  if ((entry + 1) * 2 > capacity) rehash(capacity * 2);
  return entry;
}

function place(hash: number, entry: number): void {
  let at = hash & mask;
  while (positions[at] !== 0) at = (at + 1) & mask;
  positions[at] = entry + 1;
}

function rehash(size: number): void {
  capacity = size;
  mask = size - 1;
  positions = new Int32Array(size);
  for (let e = 0; e < words.length; e++) place(hashes[e]!, e);
}

function reset(): void {
  words.length = 0;
  stems.length = 0;
  capacity = INITIAL_CAPACITY;
  mask = capacity - 1;
  positions = new Int32Array(capacity);
  hashes = new Int32Array(capacity);
  stamps = new Int32Array(capacity);
  values = new Int32Array(capacity);
}

function grown(array: Int32Array<ArrayBuffer>, size: number): Int32Array<ArrayBuffer> {
  const out = new Int32Array(size);
  out.set(array);
  return out;
}

/** Whether `word` (lowercase) is `text.slice(start, end)` lowercased, for ASCII letters and digits. */
function sameLowercase(word: string, text: string, start: number, end: number): boolean {
  if (word.length !== end - start) return false;
  for (let k = start; k < end; k++) {
    let c = text.charCodeAt(k);
    if (c >= 65 && c <= 90) c += 32;
    if (c !== word.charCodeAt(k - start)) return false;
  }
  return true;
}
