import { describe, expect, it } from 'vitest';
import { asciiWordValues } from './ascii-word-table.js';
import { forEachWordAt, stem } from './terms.js';

describe('asciiWordValues', () => {
  it('gives each word the value of its lowercase form and stem, computed once per word and call', () => {
    const text = 'Forms form FORMS formed Forming formState HTMLForm 2024 forms';
    const seen: string[] = [];
    const values = asciiWordValues((word, stemmed) => {
      seen.push(word);
      expect(stemmed).toBe(stem(word));
      return word.length;
    });
    forEachWordAt(text, (start, end) => expect(values.get(text, start, end)).toBe(end - start));
    expect(seen).toEqual(['forms', 'form', 'formed', 'forming', 'state', 'html', '2024']);
  });

  it('starts afresh for a new caller, over words other callers added', () => {
    const text = 'alpha Beta gamma';
    const first = asciiWordValues(() => 1);
    const second = asciiWordValues(() => 2);
    forEachWordAt(text, (start, end) => {
      expect(first.get(text, start, end)).toBe(1);
      expect(second.get(text, start, end)).toBe(2);
      expect(first.get(text, start, end)).toBe(1);
    });
  });

  it('tells apart many distinct words (the table grows and collisions are compared by characters)', () => {
    // Letters only (a digit would start a word of its own): 0 → `a`, 25 → `z`, 26 → `ba`, …
    const letters = (n: number): string => (n < 26 ? '' : letters(Math.floor(n / 26))) + String.fromCharCode(97 + (n % 26));
    const words = Array.from({ length: 20_000 }, (_, i) => letters(i));
    const text = words.map((word, i) => (i % 3 === 0 ? word.toUpperCase() : word)).join(' ');
    const values = asciiWordValues((word) => words.indexOf(word));
    let i = 0;
    forEachWordAt(text, (start, end) => {
      expect(values.get(text, start, end)).toBe(i++);
    });
    expect(i).toBe(words.length);
  });
});
