import { stemmer } from 'stemmer';

/**
 * Words of identifiers and prose: `FormComponent12` → form, component, 12; `form_state` → form,
 * state; `HTMLInputElement` → html, input, element. Letters of any script count (`Röntgen`).
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

/** Calls `visit` with the stem of every word in `text`, in order. */
export function forEachTerm(text: string, visit: (term: string) => void): void {
  WORD.lastIndex = 0;
  for (let match = WORD.exec(text); match !== null; match = WORD.exec(text)) visit(stem(match[0].toLowerCase()));
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
