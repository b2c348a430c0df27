import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { forEachWordAt, isWordStart } from './terms.js';

function startsByScan(text: string): Set<number> {
  const starts = new Set<number>();
  forEachWordAt(text, (start) => starts.add(start));
  return starts;
}

describe('isWordStart', () => {
  it('agrees with the word scan at every position of a real README and of tricky identifiers', () => {
    const texts = [
      readFileSync(new URL('../../README.md', import.meta.url), 'utf8'),
      'HTMLInputElement getHTTPResponse2xx ABCdef aBCd ÉtéÀbc Ωmega x1y2 __init__ 𝐀bc İstanbul',
    ];
    for (const text of texts) {
      const starts = startsByScan(text);
      for (let p = 0; p < text.length; p++) expect(isWordStart(text, p), `${JSON.stringify(text.slice(Math.max(0, p - 5), p + 5))} at ${p}`).toBe(starts.has(p));
    }
  });
});
