import { computeFigures, type RequestEvent, summarizeLedger } from '@headroom/core';
import { afterEach, describe, expect, it } from 'vitest';
import { bigJson, type Harness, send, startHarness } from './internal/test-kit.js';
import { anthropicStream, openaiChatCompletion } from './testing/provider-replies.js';

let harness: Harness;
afterEach(async () => {
  await harness?.close();
});

/** The ledger is written after the response ends; give it a moment. */
async function requestEvents(count: number): Promise<RequestEvent[]> {
  for (let i = 0; i < 500; i++) {
    const events = (await harness.store.ledger.read({ type: 'request' })) as RequestEvent[];
    if (events.length >= count) return events;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`expected ${count} request events`);
}

describe('stats', () => {
  it('records every forwarded request with provider usage and savings', async () => {
    harness = await startHarness();
    harness.upstream.enqueue({ sse: anthropicStream({ usage: { input: 50, output: 5, cacheRead: 1000, cacheWrite: 200 }, model: 'claude-answered' }) });
    const body = {
      model: 'claude-asked',
      stream: true,
      max_tokens: 10,
      messages: [
        { role: 'user', content: 'go' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'get', input: {} }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: bigJson(1) }] },
      ],
    };
    await send(`${harness.proxy.url}/v1/messages`, { headers: { 'x-api-key': 'k' }, body: JSON.stringify(body) });
    harness.upstream.enqueue({ json: openaiChatCompletion({ usage: { input: 30, output: 3, cacheRead: 20 } }) });
    await send(`${harness.proxy.url}/v1/chat/completions`, { body: JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] }) });
    await send(`${harness.proxy.url}/v1/models`);

    const [anthropic, openai, models] = await requestEvents(3);
    expect(anthropic).toMatchObject({
      provider: 'anthropic',
      model: 'claude-answered',
      route: '/v1/messages',
      status: 200,
      usage: { inputTokens: 50, outputTokens: 5, cacheReadTokens: 1000, cacheWriteTokens: 200 },
      byCompressor: { 'minify-json': expect.any(Object) },
      source: 'proxy',
    });
    expect(anthropic!.tokensAfter).toBeLessThan(anthropic!.tokensBefore);
    expect(anthropic!.addedLatencyMs).toBeGreaterThanOrEqual(0);
    expect(openai).toMatchObject({ provider: 'openai', model: 'gpt-4o', usage: { inputTokens: 10, outputTokens: 3, cacheReadTokens: 20 } });
    expect(models).toMatchObject({ provider: 'openai', route: '/v1/models', status: 200, tokensBefore: 0 });

    const stats = await send(`${harness.proxy.url}/stats`);
    expect(stats.status).toBe(200);
    expect(stats.json()).toEqual(JSON.parse(JSON.stringify(computeFigures(summarizeLedger(await harness.store.ledger.read())))));
    expect(stats.json<{ requests: { count: number } }>().requests.count).toBe(3);
    expect(stats.json<{ cache: { cacheReadTokens: number } }>().cache.cacheReadTokens).toBe(1020);

    const future = new Date(Date.now() + 60_000).toISOString();
    expect((await send(`${harness.proxy.url}/stats?since=${future}`)).json<{ requests: { count: number } }>().requests.count).toBe(0);

    const metrics = await send(`${harness.proxy.url}/metrics`);
    expect(metrics.headers['content-type']).toContain('text/plain');
    expect(metrics.text).toContain('headroom_requests_total{provider="anthropic"} 1');
    expect(metrics.text).toContain('headroom_upstream_cache_write_tokens_total 200');
    expect(metrics.text).toMatch(/headroom_compression_tokens_saved_total\{compressor="minify-json"\} [1-9]/);
    // The answered model has no price; gpt-4o has one: its cost is in the figures and the metrics.
    const figures = stats.json<{ dollars: { cost: number; unpricedModels: string[] } }>();
    expect(figures.dollars.unpricedModels).toContain('claude-answered');
    expect(figures.dollars.cost).toBeCloseTo((10 * 2.5 + 20 * 1.25 + 3 * 10) / 1e6, 9);
    expect(metrics.text).toContain(`headroom_cost_dollars_total ${figures.dollars.cost}`);
  });

  it('records requests the proxy refused, with their status', async () => {
    harness = await startHarness({ maxBodyBytes: 100 });
    await send(`${harness.proxy.url}/v1/messages`, { headers: { 'x-api-key': 'k' }, body: '{"model":' });
    await send(`${harness.proxy.url}/v1/chat/completions`, { body: 'x'.repeat(200) });
    const events = await requestEvents(2);
    expect(events.map((e) => [e.provider, e.status])).toEqual([
      ['anthropic', 400],
      ['openai', 413],
    ]);
  });

  it('serves /livez and /readyz without forwarding', async () => {
    harness = await startHarness();
    expect((await send(`${harness.proxy.url}/livez`)).json()).toMatchObject({ status: 'ok' });
    expect((await send(`${harness.proxy.url}/readyz`)).json()).toEqual({ status: 'ready' });
    expect(harness.upstream.requests).toHaveLength(0);
  });
});
