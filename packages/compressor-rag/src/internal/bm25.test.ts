import { describe, expect, it } from 'vitest';
import { bm25Index } from './bm25.js';
import { forEachWord, mayContain, queryTerms, stem } from './terms.js';

/**
 * Query-term counts with no shortcut inside a passage: every word stemmed, every long term looked
 * for inside (passages are still chosen by `mayContain`, as `bm25Index` chooses them).
 */
function countsByStemmingAll(passages: readonly string[], query: readonly string[]): number[] {
  const df = query.map(() => 0);
  const candidate = mayContain(query);
  for (const text of passages) {
    if (!candidate.test(text)) continue;
    const seen = new Set<number>();
    forEachWord(text, (word) => {
      let i = query.indexOf(stem(word));
      if (i < 0 && word.length > 4) i = query.findIndex((term) => term.length >= 4 && word.includes(term));
      if (i >= 0) seen.add(i);
    });
    for (const i of seen) df[i]!++;
  }
  return df;
}

describe('bm25Index', () => {
  it('counts the words a full stemming scan counts, though most are skipped unread', () => {
    const passages = [
      'The toy buys were buying toys; a boy buys a buoy: a buiding toil.',
      'HTMLInputElement and useFormState hold forms; FormComponent12 too.',
      'iterencode, floatstr and getheaders run words together: getPython, pythonic, PYTHONPATH.',
      'A yi, an ay, the ays and 3 x-rays at 12:30.',
      'Größe über Straße; Ölfässer and naïve cafés.',
      'Version versions versioned; the debianization of packaging packages.',
    ];
    for (const query of ['buy toys', 'input form state', 'python encode float headers', 'a b c 3 x ray ays', 'größe straße', 'debian version packaging', 'yi ay']) {
      const terms = queryTerms(query);
      expect([...bm25Index(passages, terms).df], query).toEqual(countsByStemmingAll(passages, terms));
    }
  });
});
