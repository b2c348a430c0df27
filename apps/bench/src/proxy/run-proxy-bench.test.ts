import { describe, expect, it } from 'vitest';
import { MODES, runProxyBenchPlan } from './run-proxy-bench.js';

describe('runProxyBenchPlan', () => {
  it.each(['sqlite', 'memory'] as const)('runs every mode side by side against one upstream and reads the proxy memory (%s store)', async (store) => {
    const result = await runProxyBenchPlan(
      {
        scenarios: [
          { label: '10 KB', bytes: 10 * 1024, concurrency: 1, requests: 24, warmup: 4, upstreamDelayMs: 0 },
          { label: '10 KB', bytes: 10 * 1024, concurrency: 4, requests: 24, warmup: 4, upstreamDelayMs: 20 },
        ],
        memory: { requests: 40, bytes: 10 * 1024, label: '10 KB', concurrency: 4 },
      },
      true,
      store,
    );
    expect(result.scenarios.map((s) => s.concurrency)).toEqual([1, 4]);
    // The delayed upstream holds every request at least that long, through the proxy too.
    const delayed = result.scenarios[1]!;
    for (const mode of MODES) expect(delayed.modes[mode].p50Ms).toBeGreaterThanOrEqual(20);
    for (const scenario of result.scenarios) {
      for (const mode of MODES) {
        expect(scenario.modes[mode]).toMatchObject({ requests: 24, errors: 0 });
      }
      // The relay and the proxy with compression off forward the bodies as they came: the upstream gets the same bytes as direct.
      expect(scenario.modes.relay.forwardedBytes).toBe(scenario.bodyBytes);
      expect(scenario.modes.off.forwardedBytes).toBe(scenario.bodyBytes);
      expect(scenario.modes.direct.forwardedBytes).toBe(scenario.bodyBytes);
      expect(scenario.modes.fresh.forwardedBytes).toBeLessThanOrEqual(scenario.bodyBytes);
      expect(scenario.modes.seen.forwardedBytes).toBeLessThan(scenario.bodyBytes);
      // The proxy's ledger has a row for every measured request.
      expect(scenario.modes.fresh.inProxyP50Ms).toBeGreaterThanOrEqual(0);
      expect(scenario.modes.seen.inProxyP50Ms).toBeGreaterThanOrEqual(0);
    }
    expect(result.memory).toMatchObject({ requests: 40, errors: 0, afterGc: true });
    expect(result.memory.samples.map((s) => s.requests)).toEqual([8, 16, 24, 32, 40]);
    expect(result.memory.after.heapUsed).toBeGreaterThan(0);
    expect(result.targets.map((t) => t.name)).toContain('memory over 40 requests (heap after GC)');
  }, 120_000);
});
