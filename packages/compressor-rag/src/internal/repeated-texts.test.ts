import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { collapseSpace } from './collapse-space.js';
import { repeatedTexts } from './repeated-texts.js';

/** The rule with string keys: what `repeatedTexts` must agree with. */
function byStringKeys(texts: readonly string[], minLength: number): number[] {
  const seen = new Set<string>();
  return texts.map((text) => {
    if (text.length < minLength) return 0;
    const key = collapseSpace(text.toLowerCase());
    if (seen.has(key)) return 1;
    seen.add(key);
    return 0;
  });
}

describe('repeatedTexts', () => {
  it('folds case and every run of whitespace, as collapseSpace(text.toLowerCase()) does', () => {
    const texts = [
      'The float arm must be level.',
      'the  FLOAT arm\nmust be level.',
      ' The float arm must be level.',
      'The float arm must be level. ',
      'The float arm must be levels',
      'The float\u0000arm must be level.',
      'The float arm must be level.',
      'Größe über alles, sagt er.',
      'GRÖSSE über alles, sagt er.',
      'größe  ÜBER alles,\u00a0sagt er.',
      'Temperature in \u212A is absolute!',
      'temperature in k is absolute!',
      'İstanbul is a city in Turkey.',
      'i\u0307stanbul is a city in turkey.',
      'short',
      'short',
      'A\tb\u3000c d e f g h i j k l m',
      'a b c d e f g h i j k l m',
    ];
    const repeated = [...repeatedTexts(texts, 6)];
    expect(repeated).toEqual(byStringKeys(texts, 6));
    expect(repeated.filter(Boolean).length).toBeGreaterThanOrEqual(6);
  });

  it('agrees with string keys on the lines of real documents and their case and spacing variants', () => {
    for (const path of ['/usr/share/common-licenses/GPL-3', '/usr/share/common-licenses/Apache-2.0', '/usr/share/doc/python3/python-policy.html']) {
      let text: string;
      try {
        text = readFileSync(path, 'utf8');
      } catch {
        continue;
      }
      const lines = text.split('\n');
      const texts = [...lines, ...lines.map((line) => line.toUpperCase()), ...lines.map((line) => line.replace(/ /g, ' \t'))];
      expect([...repeatedTexts(texts, 20)]).toEqual(byStringKeys(texts, 20));
    }
  });
});
