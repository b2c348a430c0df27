import { describe, expect, it } from 'vitest';
import { formatClusterBenchTables } from './format-cluster-bench.js';
import type { ClusterBenchFigures } from './run-cluster-bench.js';

const figures = (p50Ms: number, requestsPerSecond: number, errors = 0): ClusterBenchFigures => ({ p50Ms, p99Ms: p50Ms * 3, requestsPerSecond, errors });

describe('formatClusterBenchTables', () => {
  it('prints one row per scenario with every figure, the ratios and the summed errors', () => {
    const text = formatClusterBenchTables({
      repeats: 3,
      loadAverage: [1.5, 1.25, 1],
      rows: [
        {
          bodyBytes: 100_000,
          concurrency: 32,
          requests: 400,
          direct: figures(2, 900),
          sqlite: figures(4.5, 400, 1),
          redisOne: figures(5, 380),
          redis: figures(6, 300, 2),
          throughputRatio: 0.75,
          storeRatio: 0.95,
          addedP50Sqlite: 2.5,
          addedP50Redis: 4,
        },
      ],
    });
    expect(text).toContain('Load average at start: 1.50 1.25 1.00; medians over 3 repeat(s)');
    expect(text).toContain('| 100 KB | 32 | 2.00 | 4.50 / 13.50 | 5.00 / 15.00 | 6.00 / 18.00 | +2.50 | +4.00 | 400 | 380 | 300 | 0.95 | 0.75 | 3 |');
  });
});
