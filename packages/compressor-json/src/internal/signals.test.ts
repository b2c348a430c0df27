import { describe, expect, it } from 'vitest';
import { errorRows, outlierRows, rareRows } from './signals.js';
import { buildTable } from './table.js';

const rowsOf = (n: number, make: (i: number) => Record<string, unknown>) => Array.from({ length: n }, (_, i) => make(i));
const flagged = (signal: typeof errorRows, rows: Record<string, unknown>[]) => [...signal(buildTable('t', rows).columns, rows.length)].sort((a, b) => a - b);

describe('errorRows', () => {
  it('flags error fields, bad statuses, bad levels and ok:false', () => {
    const rows = rowsOf(40, (i) => ({
      id: `r${i}`,
      level: i === 3 ? 'ERROR' : i === 4 ? 'fatal' : 'INFO',
      status: i === 5 ? 503 : i === 6 ? 'failed' : 200,
      error: i === 7 ? { code: 'E1' } : i === 8 ? '' : null,
      ok: i !== 9,
      error_count: i,
      defaultBranch: 'main',
      lastError: i === 10 ? 'disk full' : null,
    }));
    expect(flagged(errorRows, rows)).toEqual([3, 4, 5, 6, 7, 9, 10]);
  });

  it('counts error words in text only where they are rare, and not inside identifiers', () => {
    const rare = rowsOf(40, (i) => ({ msg: i === 11 ? 'upstream timeout after 30s' : i === 12 ? 'if (formState.errors.password) throw new Error(x)' : `served ${i}` }));
    expect(flagged(errorRows, rare)).toEqual([11]);
    // A word at either edge of a cell counts; two cells never make one word (`time` + `out`).
    const edges = rowsOf(40, (i) => ({ msg: i === 2 ? 'fatal' : i === 5 ? 'disk full: error' : i === 8 ? 'wait time' : i === 9 ? 'out of band' : { n: i } }));
    expect(flagged(errorRows, edges)).toEqual([2, 5]);
    const common = rowsOf(40, (i) => ({ msg: i % 3 ? 'request failed' : 'ok' }));
    expect(flagged(errorRows, common)).toEqual([]);
  });
});

describe('outlierRows', () => {
  it('flags values far from the median, robustly', () => {
    const rows = rowsOf(200, (i) => ({ revenue: i === 42 ? 48_920.57 : i === 117 ? -2_310.75 : (i * 37) % 400, sessions: (i * 7) % 60 }));
    expect(flagged(outlierRows, rows)).toEqual([42, 117]);
  });

  it('with no spread, flags only rare different values', () => {
    const rows = rowsOf(100, (i) => ({ retries: i === 50 ? 9 : 0 }));
    expect(flagged(outlierRows, rows)).toEqual([50]);
    const half = rowsOf(100, (i) => ({ retries: i % 2 }));
    expect(flagged(outlierRows, half)).toEqual([]);
  });
});

describe('rareRows', () => {
  it('flags rare categorical values and rare fields, not evenly spread ones', () => {
    const rows = rowsOf(100, (i) => ({ user: i === 21 ? 'ops-oncall' : `user-${i % 10}`, region: ['us', 'eu'][i % 2], ...(i === 33 ? { hint: 'x' } : {}) }));
    expect(flagged(rareRows, rows)).toEqual([21, 33]);
  });
});
