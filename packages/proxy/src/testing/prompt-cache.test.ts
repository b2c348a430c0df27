import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { startCachingUpstream } from './caching-upstream.js';
import { createPromptCache } from './prompt-cache.js';

// Real text, so segments have realistic token counts: Python's own documentation of its license.
const LICENSE = readFileSync('/usr/share/common-licenses/GPL-3', 'utf8');
const chunk = (i: number) => LICENSE.slice(i * 4000, (i + 1) * 4000);

function anthropicBody(turns: number, options: { breakpoint?: 'last' | 'none'; ttl?: '1h'; edit?: number } = {}) {
  const messages: unknown[] = [];
  for (let t = 0; t < turns; t++) {
    messages.push({ role: 'assistant', content: [{ type: 'tool_use', id: `t${t}`, name: 'Read', input: { file_path: `/f${t}` } }] });
    const text = t === options.edit ? `${chunk(t)} (edited)` : chunk(t);
    const block: Record<string, unknown> = { type: 'tool_result', tool_use_id: `t${t}`, content: text };
    if (t === turns - 1 && options.breakpoint !== 'none') block.cache_control = { type: 'ephemeral', ...(options.ttl ? { ttl: options.ttl } : {}) };
    messages.push({ role: 'user', content: [block] });
  }
  return { model: 'claude-sonnet-4-5', system: 'You are careful.', messages: [{ role: 'user', content: 'go' }, ...messages] };
}

describe('simulated Anthropic prompt cache', () => {
  it('writes at the breakpoint, reads the longest repeated prefix, writes only the new part', () => {
    let clock = 0;
    const cache = createPromptCache('anthropic', { now: () => clock });
    const first = cache.observe(anthropicBody(3), 'anthropic-messages');
    expect(first.cacheReadTokens).toBe(0);
    expect(first.cacheWriteTokens).toBe(first.totalTokens);
    expect(first.inputTokens).toBe(0);
    clock += 60_000;
    const second = cache.observe(anthropicBody(4), 'anthropic-messages');
    expect(second.cacheReadTokens).toBe(first.totalTokens);
    expect(second.cacheWriteTokens).toBe(second.totalTokens - first.totalTokens);
    expect(second.inputTokens).toBe(0);
  });

  it('bills nothing as cached without a breakpoint (unless told to model automatic caching)', () => {
    const cache = createPromptCache('anthropic', { now: () => 0 });
    cache.observe(anthropicBody(3, { breakpoint: 'none' }), 'anthropic-messages');
    const again = cache.observe(anthropicBody(3, { breakpoint: 'none' }), 'anthropic-messages');
    expect(again).toMatchObject({ cacheReadTokens: 0, cacheWriteTokens: 0 });
    expect(again.inputTokens).toBe(again.totalTokens);
    const auto = createPromptCache('anthropic', { now: () => 0, autoBreakpoint: true });
    auto.observe(anthropicBody(3, { breakpoint: 'none' }), 'anthropic-messages');
    expect(auto.observe(anthropicBody(3, { breakpoint: 'none' }), 'anthropic-messages').inputTokens).toBe(0);
  });

  it('expires after the TTL on the injected clock, and a hit refreshes the expiry', () => {
    let clock = 0;
    const cache = createPromptCache('anthropic', { now: () => clock });
    const first = cache.observe(anthropicBody(3), 'anthropic-messages');
    clock += 4 * 60_000;
    expect(cache.observe(anthropicBody(3), 'anthropic-messages').cacheReadTokens).toBe(first.totalTokens);
    clock += 4 * 60_000; // 8 min after the write, 4 after the refreshing hit
    expect(cache.observe(anthropicBody(3), 'anthropic-messages').cacheReadTokens).toBe(first.totalTokens);
    clock += 5 * 60_000 + 1;
    const cold = cache.observe(anthropicBody(3), 'anthropic-messages');
    expect(cold.cacheReadTokens).toBe(0);
    expect(cold.cacheWriteTokens).toBe(first.totalTokens);
  });

  it('keeps a 1-hour breakpoint for an hour and reports its write separately', () => {
    let clock = 0;
    const cache = createPromptCache('anthropic', { now: () => clock });
    const first = cache.observe(anthropicBody(3, { ttl: '1h' }), 'anthropic-messages');
    expect(first.cacheWrite1hTokens).toBe(first.cacheWriteTokens);
    clock += 50 * 60_000;
    expect(cache.observe(anthropicBody(3, { ttl: '1h' }), 'anthropic-messages').cacheReadTokens).toBe(first.totalTokens);
  });

  it('a changed byte in an early block turns everything after it into a write', () => {
    const cache = createPromptCache('anthropic', { now: () => 0 });
    cache.observe(anthropicBody(3), 'anthropic-messages');
    const two = cache.observe(anthropicBody(2), 'anthropic-messages'); // writes a breakpoint at 2 turns too
    const edited = cache.observe(anthropicBody(3, { edit: 1 }), 'anthropic-messages');
    expect(edited.cacheReadTokens).toBeLessThan(two.totalTokens);
    expect(edited.cacheWriteTokens).toBeGreaterThan(edited.totalTokens / 3);
  });
});

describe('simulated OpenAI prompt cache', () => {
  const chatBody = (turns: number) => ({
    model: 'gpt-4o',
    messages: [{ role: 'system', content: 'You are careful.' }, ...Array.from({ length: turns }, (_, t) => ({ role: 'user', content: chunk(t) }))],
  });

  it('caches every prefix of 1024+ tokens for free and reads in 128-token steps', () => {
    const cache = createPromptCache('openai', { now: () => 0 });
    const first = cache.observe(chatBody(3), 'openai-chat');
    expect(first).toMatchObject({ cacheReadTokens: 0, cacheWriteTokens: 0 });
    const second = cache.observe(chatBody(4), 'openai-chat');
    expect(second.cacheReadTokens).toBeGreaterThan(0);
    expect(second.cacheReadTokens).toBeLessThanOrEqual(first.totalTokens);
    expect((second.cacheReadTokens - 1024) % 128).toBe(0);
    expect(first.totalTokens - second.cacheReadTokens).toBeLessThan(128);
  });

  it('a short prompt is never cached; an idle prompt expires', () => {
    let clock = 0;
    const cache = createPromptCache('openai', { now: () => clock });
    const small = { model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] };
    cache.observe(small, 'openai-chat');
    expect(cache.observe(small, 'openai-chat').cacheReadTokens).toBe(0);
    cache.observe(chatBody(3), 'openai-chat');
    clock += 6 * 60_000;
    expect(cache.observe(chatBody(3), 'openai-chat').cacheReadTokens).toBe(0);
    expect(cache.observe({ ...chatBody(3), prompt_cache_retention: '24h' }, 'openai-chat').cacheReadTokens).toBeGreaterThan(0);
    clock += 60 * 60_000;
    expect(cache.observe({ ...chatBody(3), prompt_cache_retention: '24h' }, 'openai-chat').cacheReadTokens).toBeGreaterThan(0);
  });
});

describe('caching upstream', () => {
  it('reports usage the way each provider does', async () => {
    const upstream = await startCachingUpstream({ now: () => 0 });
    try {
      // biome-ignore lint/suspicious/noExplicitAny: a test reads the provider's usage fields freely.
    const post = (path: string, body: unknown): Promise<any> =>
        fetch(`${upstream.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.json());
      await post('/v1/messages', anthropicBody(3));
      const anthropic = await post('/v1/messages', anthropicBody(4));
      expect(anthropic.usage.cache_read_input_tokens).toBe(upstream.billed[0]!.usage.totalTokens);
      expect(anthropic.usage.cache_creation_input_tokens).toBe(upstream.billed[1]!.usage.cacheWriteTokens);
      const messages = [{ role: 'user', content: chunk(0) + chunk(1) }];
      await post('/v1/chat/completions', { model: 'gpt-4o', messages });
      const chat = await post('/v1/chat/completions', { model: 'gpt-4o', messages: [...messages, { role: 'user', content: 'more' }] });
      expect(chat.usage.prompt_tokens).toBe(upstream.billed[3]!.usage.totalTokens);
      expect(chat.usage.prompt_tokens_details.cached_tokens).toBeGreaterThan(1024);
      const input = [{ role: 'user', content: chunk(2) + chunk(3) }];
      await post('/v1/responses', { model: 'gpt-4o', input });
      const responses = await post('/v1/responses', { model: 'gpt-4o', input: [...input, { role: 'user', content: 'more' }] });
      expect(responses.usage.input_tokens_details.cached_tokens).toBe(upstream.billed[5]!.usage.cacheReadTokens);
      expect(upstream.billed.map((b) => b.format)).toEqual(['anthropic-messages', 'anthropic-messages', 'openai-chat', 'openai-chat', 'openai-responses', 'openai-responses']);
    } finally {
      await upstream.close();
    }
  });
});
