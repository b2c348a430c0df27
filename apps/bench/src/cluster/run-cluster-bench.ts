import { fileURLToPath } from 'node:url';
import { startRedisServer } from '@headroom/store-redis/testing';
import { createBodyFactory } from '../proxy/internal/request-bodies.js';
import { percentile, roundRobinLoad } from './internal/round-robin-load.js';
import { type SpawnedServer, spawnServer } from './internal/spawn-server.js';

export interface ClusterBenchOptions {
  /** Fewer requests and one repeat instead of three. */
  readonly quick?: boolean;
  /** Progress lines (stderr). */
  readonly progress?: (message: string) => void;
}

/** Medians over the repeats of one way of reaching the upstream in one scenario. */
export interface ClusterBenchFigures {
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly requestsPerSecond: number;
  readonly errors: number;
}

export interface ClusterBenchRow {
  readonly bodyBytes: number;
  readonly concurrency: number;
  readonly requests: number;
  readonly direct: ClusterBenchFigures;
  /** One replica on SQLite (the default store, on its worker thread). */
  readonly sqlite: ClusterBenchFigures;
  /** One replica on Redis: the store's own cost, without a second process on the same cores. */
  readonly redisOne: ClusterBenchFigures;
  /** Two replicas on one Redis, requests alternating between them. */
  readonly redis: ClusterBenchFigures;
  /** Redis × 2 requests per second / SQLite × 1 requests per second. */
  readonly throughputRatio: number;
  /** p50 minus direct's p50, each. */
  readonly addedP50Sqlite: number;
  readonly addedP50Redis: number;
  /** Redis × 1 requests per second / SQLite × 1: what the store alone changes. */
  readonly storeRatio: number;
}

export interface ClusterBenchResult {
  readonly repeats: number;
  readonly loadAverage: readonly number[];
  readonly rows: readonly ClusterBenchRow[];
}

const SIZES = [10_000, 100_000];
const CONCURRENCIES = [1, 32];
const WARMUP = 20;

type Mode = 'direct' | 'sqlite' | 'redisOne' | 'redis';
const MODES: readonly Mode[] = ['direct', 'sqlite', 'redisOne', 'redis'];

const script = (name: string) => fileURLToPath(new URL(`./internal/${name}.js`, import.meta.url));

/**
 * Two proxy replicas on one Redis against one proxy on SQLite, in the same run, against the same
 * local upstream, with the same bodies (the proxy section's: real JSON and logs, 60% resent
 * history). Each repeat starts fresh stores, so every mode sees the same content for the first
 * time; modes take turns within a repeat, and the figures are medians over repeats.
 */
export async function runClusterBench(options: ClusterBenchOptions = {}): Promise<ClusterBenchResult> {
  const { loadavg } = await import('node:os');
  const progress = options.progress ?? (() => undefined);
  const repeats = options.quick ? 1 : 3;
  const samples = new Map<string, { p50: number[]; p99: number[]; rps: number[]; errors: number }>();
  const upstream = await spawnServer(script('bench-upstream'), []);
  const loadAverage = loadavg();
  try {
    for (let repeat = 0; repeat < repeats; repeat++) {
      const redis = await startRedisServer();
      const servers: SpawnedServer[] = [];
      try {
        const sqlite = await spawnServer(script('bench-replica'), [upstream.url, 'sqlite']);
        servers.push(sqlite);
        const replicas = await Promise.all([0, 1].map(() => spawnServer(script('bench-replica'), [upstream.url, redis.url])));
        servers.push(...replicas);
        const targets: Record<Mode, readonly string[]> = {
          direct: [upstream.url],
          sqlite: [sqlite.url],
          redisOne: replicas.slice(0, 1).map((r) => r.url),
          redis: replicas.map((r) => r.url),
        };
        let offset = 1_000_000 * (repeat + 1);
        for (const bodyBytes of SIZES) {
          const body = createBodyFactory(bodyBytes);
          for (const concurrency of CONCURRENCIES) {
            const requests = (options.quick ? 40 : 100) * (concurrency === 1 ? 1 : 4);
            // Rotate the order each repeat: no mode always runs first on a cold machine.
            const order = MODES.map((_, i) => MODES[(i + repeat) % MODES.length] as Mode);
            for (const mode of order) {
              const start = offset;
              offset += requests + WARMUP;
              await roundRobinLoad(targets[mode], Math.min(concurrency, 8), WARMUP, (i) => body(start + i));
              progress(`cluster: ${mode} ${bodyBytes / 1000} KB x${concurrency}, repeat ${repeat + 1}/${repeats}`);
              const result = await roundRobinLoad(targets[mode], concurrency, requests, (i) => body(start + WARMUP + i));
              const key = `${bodyBytes}/${concurrency}/${mode}`;
              const entry = samples.get(key) ?? { p50: [], p99: [], rps: [], errors: 0 };
              entry.p50.push(percentile(result.latenciesMs, 50));
              entry.p99.push(percentile(result.latenciesMs, 99));
              entry.rps.push((requests * 1000) / result.wallMs);
              entry.errors += result.errors;
              samples.set(key, entry);
            }
          }
        }
      } finally {
        await Promise.all(servers.map((server) => server.stop()));
        await redis.stop();
      }
    }
  } finally {
    await upstream.stop();
  }

  const figures = (key: string): ClusterBenchFigures => {
    const entry = samples.get(key) ?? { p50: [], p99: [], rps: [], errors: 0 };
    return { p50Ms: median(entry.p50), p99Ms: median(entry.p99), requestsPerSecond: median(entry.rps), errors: entry.errors };
  };
  const rows = SIZES.flatMap((bodyBytes) =>
    CONCURRENCIES.map((concurrency): ClusterBenchRow => {
      const [direct, sqlite, redisOne, redis] = MODES.map((mode) => figures(`${bodyBytes}/${concurrency}/${mode}`)) as [
        ClusterBenchFigures,
        ClusterBenchFigures,
        ClusterBenchFigures,
        ClusterBenchFigures,
      ];
      return {
        bodyBytes,
        concurrency,
        requests: (options.quick ? 40 : 100) * (concurrency === 1 ? 1 : 4),
        direct,
        sqlite,
        redisOne,
        redis,
        storeRatio: redisOne.requestsPerSecond / sqlite.requestsPerSecond,
        throughputRatio: redis.requestsPerSecond / sqlite.requestsPerSecond,
        addedP50Sqlite: sqlite.p50Ms - direct.p50Ms,
        addedP50Redis: redis.p50Ms - direct.p50Ms,
      };
    }),
  );
  return { repeats, loadAverage, rows };
}

function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}
