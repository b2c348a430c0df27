import type { ClusterBenchResult } from './run-cluster-bench.js';

const ms = (value: number) => value.toFixed(2);
const signed = (value: number) => `${value >= 0 ? '+' : ''}${value.toFixed(2)}`;

/** The cluster section's tables: one row per body size and concurrency, three ways to the upstream. */
export function formatClusterBenchTables(result: ClusterBenchResult): string {
  return [
    `Load average at start: ${result.loadAverage.map((l) => l.toFixed(2)).join(' ')}; medians over ${result.repeats} repeat(s), each with fresh stores.`,
    '',
    '- direct: the load client to the local upstream. SQLite × 1: one proxy process on the SQLite store (worker thread), as `headroom proxy` runs by default. Redis × 1: one proxy process on a redis-server (what the store alone costs). Redis × 2: two proxy processes on that redis-server, requests alternating between them (round robin), as `apps/proxy-cluster` runs.',
    "- Every proxy: json + logs + code compressors, lossless, the proxy section's bodies (real JSON and logs, 60% history resent on every request). All processes share this machine's cores: two replicas add no CPU here, so the ratio shows what the shared store costs, not what a second machine would add.",
    '',
    '| body | conc. | direct p50 ms | SQLite × 1 p50 / p99 ms | Redis × 1 p50 / p99 ms | Redis × 2 p50 / p99 ms | added p50 SQLite × 1 | added p50 Redis × 2 | req/s SQLite × 1 | req/s Redis × 1 | req/s Redis × 2 | Redis × 1 / SQLite × 1 | Redis × 2 / SQLite × 1 | errors |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...result.rows.map((r) => {
      const cells = [
        `${r.bodyBytes / 1000} KB`,
        String(r.concurrency),
        ms(r.direct.p50Ms),
        `${ms(r.sqlite.p50Ms)} / ${ms(r.sqlite.p99Ms)}`,
        `${ms(r.redisOne.p50Ms)} / ${ms(r.redisOne.p99Ms)}`,
        `${ms(r.redis.p50Ms)} / ${ms(r.redis.p99Ms)}`,
        signed(r.addedP50Sqlite),
        signed(r.addedP50Redis),
        r.sqlite.requestsPerSecond.toFixed(0),
        r.redisOne.requestsPerSecond.toFixed(0),
        r.redis.requestsPerSecond.toFixed(0),
        r.storeRatio.toFixed(2),
        r.throughputRatio.toFixed(2),
        String(r.direct.errors + r.sqlite.errors + r.redisOne.errors + r.redis.errors),
      ];
      return `| ${cells.join(' | ')} |`;
    }),
    '',
  ].join('\n');
}
