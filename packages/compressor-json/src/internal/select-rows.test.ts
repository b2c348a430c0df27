import { describe, expect, it } from 'vitest';
import { formatRanges, selectRows } from './select-rows.js';
import { buildTable } from './table.js';

describe('selectRows', () => {
  it('keeps first, last and signal rows; folds a repeated error pattern to its first and last', () => {
    const rows = Array.from({ length: 50 }, (_, i) => ({
      level: i % 10 === 3 ? 'ERROR' : 'INFO',
      msg: i % 10 === 3 ? `upstream timeout after ${i}ms calling payments` : 'request served',
      host: ['a', 'b'][i % 2],
    }));
    const selection = selectRows(buildTable('t', rows), []);
    expect(selection.keep).toEqual([0, 3, 43, 49]);
    expect([...selection.errors].sort((a, b) => a - b)).toEqual([3, 13, 23, 33, 43]);
    expect(selection.notes).toContain('# 5 rows share the pattern of #3 (level, msg); #3 and #43 shown');
  });

  it('lists the values of short categorical columns when some are hidden', () => {
    const rows = Array.from({ length: 30 }, (_, i) => ({ region: ['us', 'eu', 'ap'][i % 3], n: i * i }));
    expect(selectRows(buildTable('t', rows), []).notes).toEqual(['# region values: us (10), eu (10), ap (10)']);
  });
});

describe('formatRanges', () => {
  it('writes runs as ranges and stops at the limit', () => {
    expect(formatRanges([1, 2, 3, 5, 7, 8])).toBe('1-3, 5, 7-8');
    expect(formatRanges(Array.from({ length: 100 }, (_, i) => i * 2), 20)).toBe('0, 2, 4, 6, 8, 10, ...');
  });
});
