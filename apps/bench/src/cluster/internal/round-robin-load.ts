import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';

export interface RoundRobinResult {
  /** Milliseconds from sending each request to having read its whole response. */
  readonly latenciesMs: readonly number[];
  readonly wallMs: number;
  readonly errors: number;
}

/**
 * Sends `requests` POSTs to `${url}/v1/messages`, `concurrency` in flight, request i to
 * `urls[i % urls.length]`: what a load balancer in round-robin mode does with one client's
 * turns, so consecutive turns land on different replicas.
 */
export async function roundRobinLoad(urls: readonly string[], concurrency: number, requests: number, body: (i: number) => string): Promise<RoundRobinResult> {
  const pools = urls.map((url) => new Pool(url, { connections: concurrency, pipelining: 1 }));
  const latenciesMs: number[] = [];
  let next = 0;
  let errors = 0;
  const worker = async () => {
    for (let i = next++; i < requests; i = next++) {
      const pool = pools[i % pools.length] as Pool;
      const start = performance.now();
      try {
        const response = await pool.request({
          path: '/v1/messages',
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-api-key': 'sk-bench', 'anthropic-version': '2023-06-01' },
          body: body(i),
        });
        await response.body.arrayBuffer();
        if (response.statusCode !== 200) errors += 1;
      } catch {
        errors += 1;
      }
      latenciesMs.push(performance.now() - start);
    }
  };
  const start = performance.now();
  try {
    await Promise.all(Array.from({ length: concurrency }, worker));
  } finally {
    await Promise.all(pools.map((pool) => pool.close()));
  }
  return { latenciesMs, wallMs: performance.now() - start, errors };
}

/** The p-th percentile (0..100) by nearest rank. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}
