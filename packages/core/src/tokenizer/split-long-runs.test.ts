import { describe, expect, it } from 'vitest';
import { splitLongRuns } from './split-long-runs.js';

function pieces(text: string, max: number): { piece: string; repeatable: boolean }[] {
  const out: { piece: string; repeatable: boolean }[] = [];
  splitLongRuns(text, max, (piece, repeatable) => out.push({ piece, repeatable }));
  return out;
}

describe('splitLongRuns', () => {
  it('leaves ordinary text in one piece', () => {
    const text = 'the quick brown fox\n  jumps over the lazy dog\n'.repeat(100);
    expect(pieces(text, 16)).toEqual([{ piece: text, repeatable: false }]);
  });

  it('cuts long runs of non-whitespace and of whitespace, and the pieces join back to the text', () => {
    const text = `head ${'a'.repeat(50)} mid${' '.repeat(40)}\n${'\u6f22'.repeat(20)} tail`;
    const out = pieces(text, 16);
    expect(out.map((p) => p.piece).join('')).toBe(text);
    expect(out.filter((p) => p.repeatable).map((p) => p.piece)).toEqual([
      ...['a'.repeat(16), 'a'.repeat(16), 'a'.repeat(16), 'aa'],
      ...[' '.repeat(16), ' '.repeat(16), `${' '.repeat(8)}\n`],
      ...['\u6f22'.repeat(6), '\u6f22'.repeat(6), '\u6f22'.repeat(6), '\u6f22'.repeat(2)],
    ]);
  });

  it('never leaves a surrogate pair split across two pieces', () => {
    const text = `x${'\u{1f600}'.repeat(1000)}`;
    const lone = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
    for (const { piece } of pieces(text, 7)) expect(lone.test(piece)).toBe(false);
  });

  it('passes lone surrogates through as they are', () => {
    const text = '\udc00'.repeat(100);
    expect(pieces(text, 10).map((p) => p.piece).join('')).toBe(text);
  });
});
