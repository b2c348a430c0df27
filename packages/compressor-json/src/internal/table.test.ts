import { describe, expect, it } from 'vitest';
import { ABSENT } from './cells.js';
import { buildTable, isTableCandidate } from './table.js';

describe('buildTable', () => {
  it('flattens same-shape nested objects into dotted columns and classifies them', () => {
    const rows = Array.from({ length: 4 }, (_, i) => ({
      id: i + 1,
      url: `https://api.example.com/v1/items/${i}`,
      repo: 'acme/web',
      meta: { size: 100 * (i % 3), encoding: 'utf-8' },
    }));
    const table = buildTable('items', rows);
    expect(table.columns.map((c) => [c.path.join('.'), c.kind])).toEqual([
      ['id', 'seq'],
      ['url', 'prefix'],
      ['repo', 'const'],
      ['meta.size', 'cells'],
      ['meta.encoding', 'const'],
    ]);
    expect(table.columns[1]!.prefix).toBe('https://api.example.com/v1/items/');
  });

  it('keeps differently shaped objects whole and marks missing keys absent', () => {
    const table = buildTable('t', [{ a: { x: 1 } }, { a: { y: 2 }, b: 1 }, { b: 2 }]);
    expect(table.columns.map((c) => c.path.join('.'))).toEqual(['a', 'b']);
    expect(table.columns[0]!.values).toEqual([{ x: 1 }, { y: 2 }, ABSENT]);
  });

  it('tabulates only arrays of two or more records', () => {
    expect(isTableCandidate([{ a: 1 }, { a: 2 }])).toBe(true);
    expect(isTableCandidate([{ a: 1 }])).toBe(false);
    expect(isTableCandidate([{ a: 1 }, [1]])).toBe(false);
    expect(isTableCandidate([{ a: 1 }, null])).toBe(false);
  });
});
