import type { ClusterBenchResult } from './run-cluster-bench.js';

const ms = (value: number) => value.toFixed(2);
const signed = (value: number) => `${value >= 0 ? '+' : ''}${value.toFixed(2)}`;

/** The cluster section's tables: one row per body size and concurrency, three ways to the upstream. */
export function formatClusterBenchTables(result: ClusterBenchResult): string {
  return [
    `Load average at start: ${result.loadAverage.map((l) => l.toFixed(2)).join(' ')}; medians over ${result.repeats} repeat(s), each with fresh stores.`,
    '',
    '- direct: the load client to the local upstream. SQLite × 1: one proxy process on the SQLite store (worker thread), as `headroom proxy` runs by default. Redis × 2: two proxy processes on one redis-server, requests alternating between them (round robin), as `apps/proxy-cluster` runs.',
    "- Every proxy: json + logs + code compressors, lossless, the proxy section's bodies (real JSON and logs, 60% history resent on every request). All processes share this machine's cores: two replicas add no CPU here, so the ratio shows what the shared store costs, not what a second machine would add.",
    '',
    '| body | conc. | direct p50 ms | SQLite × 1 p50 / p99 ms | Redis × 2 p50 / p99 ms | added p50 SQLite | added p50 Redis | req/s SQLite × 1 | req/s Redis × 2 | throughput Redis × 2 / SQLite × 1 | errors |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...result.rows.map(
      (r) =>
        `| ${r.bodyBytes / 1000} KB | ${r.concurrency} | ${ms(r.direct.p50Ms)} | ${ms(r.sqlite.p50Ms)} / ${ms(r.sqlite.p99Ms)} | ${ms(r.redis.p50Ms)} / ${ms(r.redis.p99Ms)} | ${signed(r.addedP50Sqlite)} | ${signed(
          r.addedP50Redis,
        )} | ${r.sqlite.requestsPerSecond.toFixed(0)} | ${r.redis.requestsPerSecond.toFixed(0)} | ${r.throughputRatio.toFixed(2)} | ${r.direct.errors + r.sqlite.errors + r.redis.errors} |`,
    ),
    '',
  ].join('\n');
}
