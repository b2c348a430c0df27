import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { foldedHash, foldedKey } from './folded-hash.js';

/** The same hash, taken over the key itself. */
function hashOfKey(text: string): number {
  let hash = 0x811c9dc5 | 0;
  const key = foldedKey(text);
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  return hash;
}

describe('foldedHash', () => {
  it('is the hash of the folded key, in one pass for ASCII text and by the key otherwise', () => {
    const lines = readFileSync(new URL('../../README.md', import.meta.url), 'utf8').split('\n');
    for (const text of [...lines, 'Tabs\tand\r\n  CRLF', '  leading and trailing  ', 'Été — café\u00a0noir', 'İstanbul', '']) {
      expect(foldedHash(text)).toBe(hashOfKey(text));
    }
  });

  it('is equal for passages that differ only in case and spacing', () => {
    expect(foldedHash('The  Quick\n\tbrown FOX')).toBe(foldedHash('the quick brown fox'));
    expect(foldedHash('Café\u00a0 NOIR')).toBe(foldedHash('café noir'));
    expect(foldedHash('the quick brown fox')).not.toBe(foldedHash('the quick brown fix'));
  });
});
