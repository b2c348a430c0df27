import { terms } from './terms.js';

const MAX_DOCUMENTS = 300;
const SHINGLE = 3;

/**
 * For each text, the index of an earlier text it nearly duplicates (Jaccard similarity of word
 * 3-shingles at or above `threshold`), or undefined. Quadratic in the number of texts, so only
 * the first few hundred documents of a result are compared.
 */
export function nearDuplicateSections(texts: readonly string[], threshold: number): Array<number | undefined> {
  const out: Array<number | undefined> = texts.map(() => undefined);
  const sets: Array<Set<string> | undefined> = [];
  for (let i = 0; i < texts.length && i < MAX_DOCUMENTS; i++) {
    const words = terms(texts[i]!);
    const set = new Set<string>();
    for (let w = 0; w + SHINGLE <= words.length; w++) set.add(words.slice(w, w + SHINGLE).join(' '));
    sets.push(set);
    if (set.size < 5) continue;
    for (let j = 0; j < i; j++) {
      const other = sets[j];
      if (!other || other.size < 5 || out[j] !== undefined) continue;
      let shared = 0;
      for (const s of set) if (other.has(s)) shared++;
      if (shared / (set.size + other.size - shared) >= threshold) {
        out[i] = j;
        break;
      }
    }
  }
  return out;
}
