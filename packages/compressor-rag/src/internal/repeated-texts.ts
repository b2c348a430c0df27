import { collapseSpace, isSpace } from './collapse-space.js';

/**
 * For each text, 1 when it repeats an earlier one up to case and spacing — the same
 * `collapseSpace(text.toLowerCase())` — else 0; texts shorter than `minLength` take no part.
 * Keys are hashed and compared in place, folding as they are read: a lower-case and a collapsed
 * copy of every passage, and a string key for each, were a tenth of what a document allocated and
 * where its garbage collections fell. A text holding other than ASCII is folded into a string
 * first, since its lower case may differ in length.
 */
export function repeatedTexts(texts: readonly string[], minLength: number): Uint8Array {
  const repeated = new Uint8Array(texts.length);
  // What a text is compared by: the text itself (ASCII, folded while read) or its folded copy.
  const keys: string[] = new Array(texts.length);
  const firstsByHash = new Map<number, number | number[]>();
  for (let i = 0; i < texts.length; i++) {
    const text = texts[i]!;
    if (text.length < minLength) continue;
    let key = text;
    let hash = foldedHash(text, false);
    if (hash < 0) {
      key = collapseSpace(text.toLowerCase());
      hash = foldedHash(key, true);
    }
    keys[i] = key;
    const firsts = firstsByHash.get(hash);
    if (firsts === undefined) firstsByHash.set(hash, i);
    else if (typeof firsts === 'number') {
      if (foldedEqual(keys[firsts]!, key)) repeated[i] = 1;
      else firstsByHash.set(hash, [firsts, i]);
    } else if (firsts.some((j) => foldedEqual(keys[j]!, key))) repeated[i] = 1;
    else firsts.push(i);
  }
  return repeated;
}

/** What a run of whitespace folds to in `FOLDED`: no code unit has this value. */
const SPACE = 0x10000;
/** What each ASCII code unit folds to: its lower case, or `SPACE`. */
const FOLDED = Uint32Array.from({ length: 128 }, (_, c) => (isSpace(c) ? SPACE : c >= 65 && c <= 90 ? c + 32 : c));

/** A code unit folded: ASCII letters lowered, `\s` as `SPACE`; past ASCII (a folded copy's) as it is. */
function fold(c: number): number {
  return c < 128 ? FOLDED[c]! : isSpace(c) ? SPACE : c;
}

/**
 * FNV-1a over the folded text (each run of `\s` one space); -1 at a code unit past ASCII unless
 * `anyUnits` (a copy already folded by `toLowerCase` and `collapseSpace`).
 */
function foldedHash(text: string, anyUnits: boolean): number {
  let hash = 0x811c9dc5;
  let inSpace = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 128 && !anyUnits) return -1;
    let f = fold(c);
    if (f === SPACE) {
      if (inSpace) continue;
      inSpace = true;
      f = 32;
    } else inSpace = false;
    hash = Math.imul(hash ^ f, 0x01000193);
  }
  // 30 bits: a small integer, a map key that needs no boxing.
  return hash & 0x3fffffff;
}

/** Whether two texts fold to the same characters (as `foldedHash` reads them). */
function foldedEqual(a: string, b: string): boolean {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const c = fold(a.charCodeAt(i));
    const d = fold(b.charCodeAt(j));
    if (c !== d) return false;
    i++;
    j++;
    if (c === SPACE) {
      while (i < a.length && fold(a.charCodeAt(i)) === SPACE) i++;
      while (j < b.length && fold(b.charCodeAt(j)) === SPACE) j++;
    }
  }
  return i === a.length && j === b.length;
}
