import { describe, expect, it } from 'vitest';
import { createLedgerAggregate } from '../ledger/ledger-aggregate.js';
import { summarizeLedger } from '../ledger/summarize-ledger.js';
import { parsePricing } from '../pricing/pricing-table.js';
import type { LedgerEvent } from '../store/store.js';
import { computeFigures } from './compute-figures.js';

const HOUR = Date.UTC(2026, 11, 1, 9);

/** One proxy conversation of two turns (the same tool result compressed once, sent twice), a CLI compression, an unpriced model. */
const rows: LedgerEvent[] = [
  { type: 'compression', time: HOUR + 1, compressor: 'json', contentType: 'json', toolName: 'Bash', tokensBefore: 1000, tokensAfter: 100, exact: true, source: 'proxy', tenant: 't-a' },
  { type: 'request', time: HOUR + 2, provider: 'anthropic', model: 'claude-sonnet-4-5-20250929', route: '/v1/messages', status: 200, tokensBefore: 1000, tokensAfter: 100, usage: { inputTokens: 50, cacheWriteTokens: 150, outputTokens: 10 }, addedLatencyMs: 4, source: 'proxy', tenant: 't-a' },
  { type: 'request', time: HOUR + 3_600_000, provider: 'anthropic', model: 'claude-sonnet-4-5-20250929', route: '/v1/messages', status: 200, tokensBefore: 1000, tokensAfter: 100, usage: { inputTokens: 20, cacheReadTokens: 180, outputTokens: 10 }, addedLatencyMs: 2, source: 'proxy', tenant: 't-a' },
  { type: 'request', time: HOUR + 3_600_001, provider: 'openai', model: 'local-llama', route: '/v1/chat/completions', status: 200, tokensBefore: 400, tokensAfter: 300, usage: { inputTokens: 300, outputTokens: 1 }, addedLatencyMs: 1, source: 'proxy', tenant: 't-b' },
  { type: 'compression', time: HOUR + 3_600_002, compressor: 'logs', contentType: 'logs', tokensBefore: 500, tokensAfter: 50, exact: true, source: 'cli' },
  { type: 'retrieval', time: HOUR + 3_600_003, ref: 'abc', found: true, compressor: 'json', toolName: 'Bash', source: 'proxy', tenant: 't-a' },
  { type: 'failure', time: HOUR + 3_600_004, code: 'timeout', message: 'slow', compressor: 'code', source: 'proxy', tenant: 't-b' },
];

describe('computeFigures', () => {
  it('counts each host once: the proxy by the requests it sent, the CLI by its compressions', () => {
    const f = computeFigures(summarizeLedger(rows));
    // proxy: 1000+1000+400 before, 100+100+300 after; cli: 500 -> 50. The proxy's first-sight compression is not added again.
    expect(f.tokens).toEqual({ before: 2900, after: 550, saved: 2350, savingsPercent: 81 });
    expect(f.by.source.proxy!.tokens.saved).toBe(1900);
    expect(f.by.source.cli!.tokens.saved).toBe(450);
    expect(f.compression).toMatchObject({ events: 2, tokensSaved: 1350 });
    // Tenants and hours partition the same headline.
    expect(Object.values(f.by.tenant).reduce((n, t) => n + t.tokens.saved, 0)).toBe(2350);
    expect(f.series.reduce((n, h) => n + h.tokensSaved, 0)).toBe(2350);
    expect(f.series.map((h) => [h.time, h.requests])).toEqual([
      [HOUR, 1],
      [HOUR + 3_600_000, 2],
    ]);
  });

  it('prices savings at the rate the saved tokens would have been billed at, and never prices an unknown model', () => {
    const f = computeFigures(summarizeLedger(rows));
    const sonnet = f.by.model['claude-sonnet-4-5-20250929']!;
    // Turn 1: 900 saved, split like input 50 / write 150 -> 225 uncached + 675 written at $3.75.
    // Turn 2: 900 saved, split like input 20 / read 180 -> 90 uncached + 810 read at $0.30.
    const saved = (315 * 3 + 675 * 3.75 + 810 * 0.3) / 1e6;
    const cost = (70 * 3 + 150 * 3.75 + 180 * 0.3 + 20 * 15) / 1e6;
    expect(sonnet.dollars!.saved).toBeCloseTo(saved, 8);
    expect(sonnet.dollars!.cost).toBeCloseTo(cost, 8);
    expect(f.by.model['local-llama']!.dollars).toBeUndefined();
    expect(f.dollars).toMatchObject({ pricedRequests: 2, unpricedRequests: 1, unpricedModels: ['local-llama'], unpricedTokensSaved: 100 + 450 });
    expect(f.dollars.saved).toBe(sonnet.dollars!.saved);
    // Cache reads are a tenth of input: a token saved from a read saves $0.30/MTok, not $3.
    expect(f.dollars.saved).toBeLessThan((1800 * 3) / 1e6);
    const cheaper = computeFigures(summarizeLedger(rows), { pricing: parsePricing({ models: { 'claude-sonnet-4-5': { input: 1, output: 1 } } }, 'test') });
    expect(cheaper.dollars.saved).toBeCloseTo(1800 / 1e6, 8);
    expect(cheaper.dollars.pricingVersion).toBe('2026-12-03+test');
  });

  it('gives retrieval rates per tool and compressor, cache share, latency and recent failures', () => {
    const f = computeFigures(summarizeLedger(rows));
    expect(f.retrievals.byTool).toEqual({ Bash: { compressions: 1, retrievals: 1, rate: 1 } });
    expect(f.retrievals.byCompressor).toEqual({ json: { compressions: 1, retrievals: 1, rate: 1 }, logs: { compressions: 1, retrievals: 0, rate: 0 } });
    expect(f.cache.hitSharePercent).toBe(Math.round((1000 * 180) / (370 + 150 + 180)) / 10);
    expect(f.latencyMs).toEqual({ p50: 2, p95: 4, p99: 4, max: 4 });
    expect(f.failures.recent).toEqual([{ time: HOUR + 3_600_004, code: 'timeout', compressor: 'code', source: 'proxy', tenant: 't-b' }]);
  });

  it('is the same from the running totals as from the rows (the figures byte for byte)', () => {
    const aggregate = createLedgerAggregate();
    for (const row of rows) aggregate.add(row);
    const fromTotals = computeFigures(aggregate.summary());
    const fromRows = computeFigures(summarizeLedger(rows));
    expect(fromTotals).toEqual(fromRows);
    expect(JSON.stringify({ ...fromTotals, ledger: null })).toBe(JSON.stringify({ ...fromRows, ledger: null }));
  });
});
