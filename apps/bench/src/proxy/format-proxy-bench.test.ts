import { describe, expect, it } from 'vitest';
import { formatProxyBench } from './format-proxy-bench.js';
import type { ProxyBenchModeResult, ProxyBenchResult } from './run-proxy-bench.js';

const mode = (p50Ms: number, p99Ms: number, requestsPerSecond: number, forwardedBytes: number): ProxyBenchModeResult => ({
  requests: 100,
  errors: 0,
  p50Ms,
  p99Ms,
  requestsPerSecond,
  forwardedBytes,
  tokensSavedShare: 1 - forwardedBytes / 102_400,
});

const result: ProxyBenchResult = {
  quick: true,
  environment: 'node v20, 2 CPUs',
  workload: ['what was sent'],
  scenarios: [
    {
      size: '100 KB',
      bodyBytes: 102_400,
      concurrency: 32,
      upstreamDelayMs: 0,
      modes: {
        direct: mode(10, 20, 1000, 102_400),
        relay: mode(11, 22, 1000, 102_400),
        off: mode(11.5, 25, 950, 102_400),
        seen: { ...mode(11.8, 26, 920, 51_200), inProxyP50Ms: 0.25, inProxyP99Ms: 1.5 },
        fresh: { ...mode(12, 30, 900, 51_200), inProxyP50Ms: 1.25, inProxyP99Ms: 4.5 },
      },
    },
  ],
  memory: {
    requests: 2000,
    size: '100 KB',
    concurrency: 32,
    errors: 0,
    before: { rss: 100 * 1024 * 1024, heapUsed: 20 * 1024 * 1024, external: 2 * 1024 * 1024 },
    after: { rss: 110 * 1024 * 1024, heapUsed: 21 * 1024 * 1024, external: 3 * 1024 * 1024 },
    samples: [
      { requests: 1000, rss: 108 * 1024 * 1024, heapUsed: 20.5 * 1024 * 1024, external: 3 * 1024 * 1024 },
      { requests: 2000, rss: 110 * 1024 * 1024, heapUsed: 21 * 1024 * 1024, external: 3 * 1024 * 1024 },
    ],
    afterGc: true,
  },
  targets: [{ name: 'added p50', target: '≤ 3 ms', measured: '2.00 ms', met: true }],
};

describe('formatProxyBench', () => {
  const text = formatProxyBench(result);

  it('prints added latency relative to direct and throughput relative to the bare relay for each mode', () => {
    expect(text).toContain('| 100 KB (100.0 KB) | 32 | bare relay | 11.00 | 22.00 | +1.00 | +2.00 |  | 1000 |  | 100.0 |  | 0 |');
    expect(text).toContain('| 100 KB (100.0 KB) | 32 | Headroom, compression off | 11.50 | 25.00 | +1.50 | +5.00 |  | 950 | 95% | 100.0 |  | 0 |');
    expect(text).toContain('| 100 KB (100.0 KB) | 32 | Headroom, already seen | 11.80 | 26.00 | +1.80 | +6.00 | 0.25 / 1.50 | 920 | 92% | 50.0 | 50.0% | 0 |');
    expect(text).toContain(
      '| 100 KB (100.0 KB) | 32 | Headroom, fresh content | 12.00 | 30.00 | +2.00 | +10.00 | 1.25 / 4.50 | 900 | 90% | 50.0 | 50.0% | 0 |',
    );
  });

  it('states what was sent, the memory samples and each target', () => {
    expect(text).toContain('- what was sent');
    expect(text).toContain('| 0 (after warm-up) | 100.0 MB | 20.0 MB | 2.0 MB |');
    expect(text).toContain('| 2,000 | 110.0 MB | 21.0 MB | 3.0 MB |');
    expect(text).toContain('| added p50 | ≤ 3 ms | 2.00 ms | yes |');
  });
});
