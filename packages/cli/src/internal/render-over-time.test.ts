import type { HourFigures } from '@headroom/core';
import { describe, expect, it } from 'vitest';
import { overTimeBuckets, renderOverTime } from './render-over-time.js';

const H = 3_600_000;
const hour = (time: number, tokensSaved: number, requests = 1): HourFigures => ({ time, tokensSaved, tokensBefore: tokensSaved * 2, requests, retrievals: 0, failures: 0 });

describe('the over-time view', () => {
  it('keeps hours within two days, and the buckets add up to the series', () => {
    const start = Date.UTC(2026, 11, 3, 9);
    const series = [hour(start, 100), hour(start + H, 300), hour(start + 5 * H, 0, 2)];
    const buckets = overTimeBuckets(series);
    expect(buckets.map((b) => b.label)).toEqual(['2026-12-03T09:00', '2026-12-03T10:00', '2026-12-03T14:00']);
    expect(renderOverTime(series)).toBe(
      [
        `  2026-12-03T09:00  ${'█'.repeat(8)}${'·'.repeat(16)}  100 saved  1 req`,
        `  2026-12-03T10:00  ${'█'.repeat(24)}  300 saved  1 req`,
        `  2026-12-03T14:00  ${'·'.repeat(24)}    0 saved  2 req`,
      ].join('\n'),
    );
  });

  it('folds hours into UTC days past two days, keeping the last 14', () => {
    const start = Date.UTC(2026, 10, 1);
    const series = Array.from({ length: 20 * 24 }, (_, i) => hour(start + i * H, 10));
    const buckets = overTimeBuckets(series);
    expect(buckets).toHaveLength(14);
    expect(buckets[0]!.label).toBe('2026-11-07');
    expect(buckets.at(-1)).toMatchObject({ label: '2026-11-20', tokensSaved: 240, requests: 24 });
    expect(renderOverTime([])).toBe('  (none)');
  });
});
