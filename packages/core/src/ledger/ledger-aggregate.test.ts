import { describe, expect, it } from 'vitest';
import type { LedgerEvent } from '../store/store.js';
import { seeded } from '../testing/garbage-inputs.js';
import { createLedgerAggregate } from './ledger-aggregate.js';
import { summarizeLedger } from './summarize-ledger.js';

/** A ledger as the hosts write it: compressions, requests (with usage and latencies), retrievals over several days. */
function ledger(rows: number, seed: number): LedgerEvent[] {
  const random = seeded(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const start = Date.UTC(2026, 10, 1);
  return Array.from({ length: rows }, (_, i): LedgerEvent => {
    const event = row(i);
    // Hosts and tenants as they appear in a shared store (some rows from before either existed).
    const source = pick(['proxy', 'cli', 'mcp', undefined]);
    const tenant = pick(['local', 't-0123456789abcdef', undefined]);
    return { ...event, ...(source ? { source } : {}), ...(tenant ? { tenant } : {}) } as LedgerEvent;
  });

  function row(i: number): LedgerEvent {
    // Few distinct times near the end: equal times among the recent failures.
    const time = i % 11 === 0 ? start + 39 * 86_400_000 + (i % 3) : start + Math.floor(random() * 40 * 86_400_000);
    const kind = random();
    if (kind < 0.5) {
      const before = 100 + Math.floor(random() * 10_000);
      return { type: 'compression', time, compressor: pick(['json', 'logs', 'code']), contentType: pick(['json', 'logs', 'code', 'diff']), tokensBefore: before, tokensAfter: Math.floor(before * random()), exact: random() < 0.3, ...(random() < 0.5 ? { toolName: pick(['Bash', 'Read']) } : {}) };
    }
    if (kind < 0.85) {
      return {
        type: 'request',
        time,
        provider: pick(['anthropic', 'openai']),
        model: pick(['m', 'claude-sonnet-4-5', '']),
        route: 'messages',
        status: 200,
        tokensBefore: Math.floor(random() * 5000),
        tokensAfter: Math.floor(random() * 2000),
        ...(random() < 0.7 ? { usage: { inputTokens: Math.floor(random() * 900), outputTokens: Math.floor(random() * 90), ...(random() < 0.5 ? { cacheReadTokens: Math.floor(random() * 9000) } : {}), ...(random() < 0.3 ? { cacheWriteTokens: Math.floor(random() * 3000) } : {}) } } : {}),
        // Few distinct values, many repeats: percentiles over a multiset.
        addedLatencyMs: Math.round(random() * (i % 7 === 0 ? 3000 : 40) * 100) / 100,
      };
    }
    if (kind < 0.92) return { type: 'failure', time, code: pick(['timeout', 'compressor_failed', 'store_unavailable'] as const), message: 'm', ...(random() < 0.5 ? { compressor: 'json' } : {}) };
    return { type: 'retrieval', time, ref: `r${i}`, found: random() < 0.8, ...(random() < 0.5 ? { compressor: pick(['json', 'logs']) } : {}), ...(random() < 0.5 ? { toolName: 'Bash' } : {}) };
  }
}

describe('createLedgerAggregate', () => {
  it('gives exactly what summarizeLedger gives over the same rows', () => {
    const events = ledger(5_000, 9);
    const aggregate = createLedgerAggregate();
    for (const event of events) aggregate.add(event);
    expect(aggregate.summary()).toEqual(summarizeLedger(events));
    expect(aggregate.size).toBe(events.length);
  });

  it('stays identical after rows are pruned (keys whose rows are all gone disappear)', () => {
    const events = ledger(3_000, 21);
    const aggregate = createLedgerAggregate();
    for (const event of events) aggregate.add(event);
    const cutoff = Date.UTC(2026, 10, 20);
    for (const event of events) if (event.time < cutoff) aggregate.remove(event);
    const kept = events.filter((e) => e.time >= cutoff);
    expect(kept.length).toBeGreaterThan(0);
    expect(aggregate.summary()).toEqual(summarizeLedger(kept));
    for (const event of kept) aggregate.remove(event);
    expect(aggregate.summary()).toEqual(summarizeLedger([]));
  });

  it('splits a request\'s saved tokens like its provider input, and keeps the newest failures without messages', () => {
    const aggregate = createLedgerAggregate();
    const rows: LedgerEvent[] = [
      { type: 'request', time: 1, provider: 'anthropic', model: 'claude-sonnet-4-5', route: '/v1/messages', status: 200, tokensBefore: 1000, tokensAfter: 100, usage: { inputTokens: 100, cacheReadTokens: 800, cacheWriteTokens: 100, outputTokens: 5 }, addedLatencyMs: 3 },
      { type: 'request', time: 2, provider: 'openai', model: '', route: '/v1/models', status: 200, tokensBefore: 10, tokensAfter: 4, addedLatencyMs: 1 },
      ...Array.from({ length: 25 }, (_, i): LedgerEvent => ({ type: 'failure', time: 100 + i, code: 'timeout', message: `/home/me/secret ${i}`, source: 'proxy' })),
    ];
    for (const event of rows) aggregate.add(event);
    const summary = aggregate.summary();
    expect(summary.byModel['claude-sonnet-4-5']).toMatchObject({ savedCacheReadTokens: 720, savedCacheWriteTokens: 90, savedUncachedTokens: 90 });
    expect(summary.byModel['(none)']).toMatchObject({ requests: 1, savedUncachedTokens: 6, savedCacheReadTokens: 0 });
    expect(summary.failures.recent).toHaveLength(20);
    expect(summary.failures.recent[0]).toEqual({ time: 124, code: 'timeout', source: 'proxy' });
    expect(JSON.stringify(summary)).not.toContain('secret');
    expect(summary).toEqual(summarizeLedger(rows));
  });

  it('hands out copies: changing a summary does not change the totals', () => {
    const aggregate = createLedgerAggregate();
    for (const event of ledger(50, 3)) aggregate.add(event);
    const first = aggregate.summary();
    first.compression.events = -1;
    expect(aggregate.summary().compression.events).not.toBe(-1);
  });
});
