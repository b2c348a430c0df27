import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bm25Index, DOCUMENT_BM25 } from './bm25.js';
import { forEachWordAt, mayContain, queryTerms, stem } from './terms.js';

/**
 * BM25 as its definition reads: every word of every passage that may hold a query term, stemmed and
 * looked up, none skipped by a prefix table or found by a regex. The index must count the same.
 */
function reference(passages: readonly string[], query: readonly string[]): { df: number[]; tf: number[][] } {
  const candidate = mayContain(query);
  const long = query.filter((term) => term.length >= 4);
  const df = query.map(() => 0);
  const tf = passages.map((text) => {
    const counts = query.map(() => 0);
    if (!candidate.test(text)) return counts;
    forEachWordAt(text, (start, end) => {
      const word = text.slice(start, end).toLowerCase();
      let i = query.indexOf(stem(word));
      if (i < 0 && word.length > 4) i = query.indexOf(long.find((term) => word.includes(term)) ?? '');
      if (i >= 0) counts[i]!++;
    });
    counts.forEach((count, i) => {
      if (count > 0) df[i]!++;
    });
    return counts;
  });
  return { df, tf };
}

/** Okapi BM25 over reference counts, with the index's parameters (k1 1.2, b 0.75, length = chars / 6). */
function referenceScores(passages: readonly string[], query: readonly string[]): number[] {
  const { df, tf } = reference(passages, query);
  const lengths = passages.map((p) => Math.max(1, p.length / 6));
  const average = lengths.reduce((a, b) => a + b, 0) / passages.length;
  const idf = df.map((d) => Math.log(1 + (passages.length - d + 0.5) / (d + 0.5)));
  return tf.map((counts, p) => counts.reduce((score, f, i) => (f > 0 ? score + (idf[i]! * f * 2.2) / (f + 1.2 * (0.25 + (0.75 * lengths[p]!) / average)) : score), 0));
}

/** Every passage scanned, long ones found by regex (documents), and every ASCII one found by regex. */
const SETTINGS = [{ k1: 1.2, b: 0.75 }, DOCUMENT_BM25, { k1: 1.2, b: 0.75, findFromChars: 0 }];

function expectSame(passages: readonly string[], query: readonly string[]): void {
  const expectedDf = reference(passages, query).df;
  const expected = referenceScores(passages, query);
  for (const settings of SETTINGS) {
    const index = bm25Index(passages, query, settings);
    expect([...index.df]).toEqual(expectedDf);
    const scores = [...index.score()];
    for (let p = 0; p < passages.length; p++) expect(scores[p]).toBeCloseTo(expected[p]!, 9);
  }
}

const root = new URL('../../../../node_modules/.pnpm/', import.meta.url).pathname;
const readmes = readdirSync(root)
  .filter((name) => /^(commander|undici|semver|htmlparser2|tinybench|magic-string|stemmer)@/.test(name))
  .map((name) => {
    const dir = join(root, name, 'node_modules', name.replace(/@[^@]*$/, '').replace('+', '/'));
    const file = readdirSync(dir).find((f) => /^readme\.md$/i.test(f));
    return file ? readFileSync(join(dir, file), 'utf8') : '';
  })
  .filter((text) => text.length > 0);

describe('bm25Index', () => {
  it('reads real READMEs', () => expect(readmes.length).toBeGreaterThanOrEqual(5));

  it('counts what the plain definition counts on real READMEs (paragraphs and sentences, long and short)', () => {
    const questions = [
      'how do I make an option mandatory',
      'does the parser decode entities by default',
      'what does fetch return for a manual redirect',
      'what does a missing patch value in a caret range desugar to',
      'how many warmup iterations run by default',
      'what does the hires option of generateMap do',
      'trying to set the HTMLInputElement getOptions says',
      'on a 2 ap',
    ];
    for (const text of readmes) {
      const paragraphs = text.split(/\n\s*\n/);
      const sentences = text.split(/(?<=[.!?])\s+/);
      for (const question of questions) {
        expectSame(paragraphs, queryTerms(question));
        expectSame(sentences, queryTerms(question));
      }
    }
  });

  it('counts words at camelCase, acronym and digit boundaries, `y` stems and terms inside identifiers', () => {
    const filler = ' plain words around the case so that the passage is long enough to be searched by pattern; ';
    const passages = [
      `${filler}getOptions setOption HTMLOptionElement OPTIONS options2 2options${filler}`,
      `${filler}he says, she said; SAYS saying sayings ays${filler}`,
      `${filler}iterencode floatstr getheaders reencoded ENCODER encoders${filler}`,
      `${filler}trying TRYING tryIng tries tried try${filler}`,
      `${filler}café résumé naïve encodé${filler}`,
      'short: getOptions says',
    ];
    for (const question of ['option', 'says', 'encoder', 'trying', 'café encod', 'header float iter']) expectSame(passages, queryTerms(question));
  });
});
