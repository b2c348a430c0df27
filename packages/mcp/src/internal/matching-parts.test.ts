import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { matchingParts } from './matching-parts.js';

// A real third-party text: the Debian copyright file of the C library.
const COPYRIGHT = readFileSync('/usr/share/doc/libc6/copyright', 'utf8');

describe('matchingParts', () => {
  it('returns every line containing the query or one of its words, numbered, verbatim', () => {
    const parts = matchingParts(COPYRIGHT, 'GNU Lesser');
    const lines = COPYRIGHT.split('\n');
    const expected = lines.flatMap((line, i) => (/gnu|lesser/i.test(line) ? [`${i + 1}:${line}`] : []));
    expect(parts.text.split('\n')).toEqual(expected);
    expect(parts.matchedLines).toBe(expected.length);
    expect(parts.totalLines).toBe(lines.length);
  });

  it('shows windows around matches inside a long line, with line and column', () => {
    const long = `${'a'.repeat(3000)}NEEDLE${'b'.repeat(3000)}`;
    const parts = matchingParts(`first\n${long}\nlast`, 'needle');
    expect(parts.text).toBe(`2:2841:…${'a'.repeat(160)}NEEDLE${'b'.repeat(160)}…`);
  });

  it('finds nothing when nothing matches, and strips only the CR of CRLF lines', () => {
    expect(matchingParts('one\r\ntwo\r\n', 'three')).toEqual({ text: '', matchedLines: 0, totalLines: 3 });
    expect(matchingParts('one\r\ntwo\r\n', 'two').text).toBe('2:two');
  });
});
