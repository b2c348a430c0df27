import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';

export interface LoadOptions {
  /** Base URL of the target; requests go to `${url}/v1/messages`. */
  readonly url: string;
  readonly concurrency: number;
  readonly requests: number;
  /** The body of request `i` (0-based). */
  readonly body: (i: number) => string;
  /** Asks the bench upstream to wait this long before answering, as a model would. Default 0. */
  readonly upstreamDelayMs?: number;
  /**
   * Worker k sends its first request k × this many ms after the start. With a slow upstream,
   * workers started together would stay in lockstep and arrive in bursts of `concurrency`;
   * real agents do not. Default 0.
   */
  readonly staggerMs?: number;
}

export interface LoadResult {
  /** Milliseconds from sending each request to having read its whole response, in completion order. */
  readonly latenciesMs: readonly number[];
  readonly wallMs: number;
  readonly bytesSent: number;
  readonly errors: number;
  /** Sums of the proxy's `x-headroom-tokens-before/after` response headers (0 without a proxy). */
  readonly tokensBefore: number;
  readonly tokensAfter: number;
}

/**
 * Sends `requests` POSTs with `concurrency` requests in flight (one per keep-alive
 * connection), each waiting for its whole response before the next is sent.
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const pool = new Pool(options.url, { connections: options.concurrency, pipelining: 1 });
  const latenciesMs: number[] = [];
  let next = 0;
  let bytesSent = 0;
  let errors = 0;
  let tokensBefore = 0;
  let tokensAfter = 0;
  const worker = async (_: unknown, k: number) => {
    if (options.staggerMs) await new Promise((resolve) => setTimeout(resolve, k * (options.staggerMs ?? 0)));
    for (let i = next++; i < options.requests; i = next++) {
      const body = options.body(i);
      bytesSent += Buffer.byteLength(body);
      const start = performance.now();
      try {
        const response = await pool.request({
          path: '/v1/messages',
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-api-key': 'sk-bench',
            'anthropic-version': '2023-06-01',
            ...(options.upstreamDelayMs ? { 'x-bench-delay-ms': String(options.upstreamDelayMs) } : {}),
          },
          body,
        });
        await response.body.arrayBuffer();
        if (response.statusCode !== 200) errors += 1;
        tokensBefore += Number(response.headers['x-headroom-tokens-before'] ?? 0);
        tokensAfter += Number(response.headers['x-headroom-tokens-after'] ?? 0);
      } catch {
        errors += 1;
      }
      latenciesMs.push(performance.now() - start);
    }
  };
  const start = performance.now();
  try {
    await Promise.all(Array.from({ length: options.concurrency }, worker));
  } finally {
    await pool.close();
  }
  return { latenciesMs, wallMs: performance.now() - start, bytesSent, errors, tokensBefore, tokensAfter };
}

/** The p-th percentile (0..100) by nearest rank. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}
