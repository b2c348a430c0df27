import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { collapseSpace, collapseTrim, isSpace } from './collapse-space.js';

describe('collapseSpace', () => {
  it('is exactly replace(/\\s+/g, " ") on every whitespace JavaScript knows', () => {
    const spaces = [' ', '  ', '\t', '\n', '\r\n', '\v', '\f', '\u00a0', '\u1680', '\u2000', '\u200a', '\u2028', '\u2029', '\u202f', '\u205f', '\u3000', '\ufeff', '\u200b', '\u0085'];
    for (const s of spaces) {
      for (const text of [`a${s}b`, `${s}a`, `a${s}`, s, `a ${s}b`, `Größe${s}über`]) expect(collapseSpace(text)).toBe(text.replace(/\s+/g, ' '));
    }
  });

  it('returns the same text when there is nothing to collapse', () => {
    const line = 'def encode(self, o): return JSON for ünïcode';
    expect(collapseSpace(line)).toBe(line);
  });
});

describe('collapseTrim', () => {
  it('is exactly replace(/\\s+/g, " ").trim() on every whitespace JavaScript knows', () => {
    const spaces = [' ', '  ', '\t', '\n', '\r\n', '\v', '\f', '\u00a0', '\u1680', '\u2000', '\u200a', '\u2028', '\u2029', '\u202f', '\u205f', '\u3000', '\ufeff', '\u200b', '\u0085'];
    for (const s of spaces) {
      for (const text of [`a${s}b`, `${s}a`, `a${s}`, s, '', `a ${s}b`, `${s}${s}a b${s} c${s}`, `Größe${s}über`, `x${s}`.repeat(5)]) expect(collapseTrim(text)).toBe(text.replace(/\s+/g, ' ').trim());
    }
  });

  it('is that on the text runs of a real page too', () => {
    const page = readFileSync('/usr/share/doc/nodejs/api/zlib.html', 'utf8');
    for (const run of page.split(/<[^>]*>/)) expect(collapseTrim(run)).toBe(run.replace(/\s+/g, ' ').trim());
  });
});

describe('isSpace', () => {
  it('matches /\\s/ on every UTF-16 code unit', () => {
    for (let c = 0; c < 65536; c++) expect(isSpace(c)).toBe(/\s/.test(String.fromCharCode(c)));
  });
});
