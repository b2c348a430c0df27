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

  it('flattens records with mostly the same keys, holes marked absent', () => {
    const table = buildTable('t', [{ a: { x: 1, y: 2 } }, { a: { x: 3 }, b: 1 }, { b: 2 }]);
    expect(table.columns.map((c) => c.path.join('.'))).toEqual(['a.x', 'a.y', 'b']);
    expect(table.columns[1]!.values).toEqual([2, ABSENT, ABSENT]);
  });

  it('keeps records with mostly different keys whole (free-form maps)', () => {
    const table = buildTable('t', [{ a: { p: 1, q: 2 } }, { a: { r: 3, s: 4 } }, { a: { t: 5, u: 6 } }, { b: 1 }]);
    expect(table.columns.map((c) => c.path.join('.'))).toEqual(['a', 'b']);
    expect(table.columns[0]!.values).toEqual([{ p: 1, q: 2 }, { r: 3, s: 4 }, { t: 5, u: 6 }, ABSENT]);
  });

  it('hoists a shared suffix where a token starts, leaving room for the prefix', () => {
    const days = ['2025-11-23', '2025-12-06', '2026-01-14', '2026-02-02'];
    const table = buildTable('t', days.map((d) => ({ at: `${d}T09:00:00.000Z` })));
    expect(table.columns[0]).toMatchObject({ kind: 'prefix', prefix: '', suffix: 'T09:00:00.000Z', spec: 'suffix("T09:00:00.000Z")' });
    const both = buildTable('t', ['a', 'bb', 'c', 'dd'].map((x) => ({ url: `https://example.com/users/${x}/profile.json` })));
    expect(both.columns[0]!.spec).toBe('prefix("https://example.com/users/")suffix("/profile.json")');
    // Never inside a word: `Form.tsx` (a camel-case boundary), not `m.tsx`.
    const camel = buildTable('t', ['Login', 'Cart', 'Settings'].map((c) => ({ file: `src/components/${c}Form.tsx` })));
    expect(camel.columns[0]!.spec).toBe('prefix("src/components/")suffix("Form.tsx")');
  });

  it('never mistakes an inherited property for a value', () => {
    const table = buildTable('t', [{ toString: 'a', constructor: 1 }, { other: true }, JSON.parse('{"__proto__": 5}')]);
    expect(table.columns.map((c) => [c.path.join('.'), c.values])).toEqual([
      ['toString', ['a', ABSENT, ABSENT]],
      ['constructor', [1, ABSENT, ABSENT]],
      ['other', [ABSENT, true, ABSENT]],
      ['__proto__', [ABSENT, ABSENT, 5]],
    ]);
  });

  it('tabulates only arrays of two or more records', () => {
    expect(isTableCandidate([{ a: 1 }, { a: 2 }])).toBe(true);
    expect(isTableCandidate([{ a: 1 }])).toBe(false);
    expect(isTableCandidate([{ a: 1 }, [1]])).toBe(false);
    expect(isTableCandidate([{ a: 1 }, null])).toBe(false);
    // Maps keyed by data are not tables: 1,000 rows with a key each would be 1,000 columns of holes.
    expect(isTableCandidate(Array.from({ length: 1000 }, (_, i) => ({ [`id-${i}`]: i })))).toBe(false);
  });
});
