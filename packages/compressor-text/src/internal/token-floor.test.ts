import { estimateTokens } from '@headroom/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runProgram } from '../testing/run-compressor.js';
import { tokenFloor } from './token-floor.js';

const floorOf = (text: string) => tokenFloor(text, text.split('\n').length - 1);

describe('tokenFloor: never above estimateTokens, so a skip decided by it is the same decision', () => {
  it('holds on any string (words, digits, punctuation, whitespace runs, non-ASCII)', () => {
    const piece = fc.oneof(fc.string(), fc.constantFrom(' ', '  ', '\t', '\n', '\r\n', '\n    ', '├── ', '123456', 'abcdefghijklm', '":{', '—', '😀'));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), (pieces) => {
        const text = pieces.join('');
        expect(floorOf(text)).toBeLessThanOrEqual(estimateTokens(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('holds on real command output and is a useful bound there', () => {
    for (const command of ['dpkg -l', 'ls -laR /usr/share/doc/git', 'apt-config dump', 'cat /root/.pyenv/versions/3.11.7/lib/python3.11/textwrap.py']) {
      const text = runProgram(command);
      expect(floorOf(text)).toBeLessThanOrEqual(estimateTokens(text));
      expect(floorOf(text)).toBeGreaterThan(estimateTokens(text) / 4);
    }
  });
});
