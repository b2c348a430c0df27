import { type ConversationStep, createMemoryStore } from '@headroom/core';
import { afterEach, describe, expect, it } from 'vitest';
import { foldLines, type Harness, minifyJson, send, startHarness } from './internal/test-kit.js';

const body = (output: string) =>
  JSON.stringify({
    model: 'claude-sonnet-4-5',
    max_tokens: 100,
    messages: [
      { role: 'user', content: 'Look at the logs.' },
      { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'Bash', input: { command: 'cat app.log' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: output }] },
    ],
  });
const headers = { 'x-api-key': 'k', 'anthropic-version': '2023-06-01' };
const OUTPUT = `${'INFO request served in 3ms\n'.repeat(40)}ERROR disk full\n`;

/** A step that rewrites the only tool result, after `delayMs`, and counts its commits. */
function step(delayMs: number) {
  let finished: () => void = () => {};
  const seen = { commits: 0, calls: 0, done: new Promise<void>((resolve) => (finished = resolve)) };
  const conversation: ConversationStep = {
    name: 'test-chat',
    async rewrite(input) {
      seen.calls++;
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      const slot = input.located.slots.findIndex((s) => s.kind === 'tool_result');
      setTimeout(finished, 100);
      return {
        rewrites: [{ slot, text: 'ERROR disk full (rewritten by the step)', tokensBefore: 100, tokensAfter: 8, refs: [] }],
        commit: async () => {
          seen.commits++;
        },
      };
    },
  };
  return { conversation, seen };
}

let harness: Harness;
afterEach(async () => {
  await harness?.close();
});

describe('the proxy runs a conversation step', () => {
  it('on lossy requests: the rewrite goes upstream and the step commits', async () => {
    const { conversation, seen } = step(0);
    harness = await startHarness({ compressors: [minifyJson, foldLines], conversation, store: createMemoryStore() });
    expect((await send(`${harness.proxy.url}/v1/messages`, { headers, body: body(OUTPUT) })).status).toBe(200);
    expect(harness.upstream.requests.at(-1)!.text()).toContain('rewritten by the step');
    expect(seen.commits).toBe(1);
  });

  it('never on lossless requests', async () => {
    const { conversation, seen } = step(0);
    harness = await startHarness({ compressors: [minifyJson, foldLines], conversation, store: createMemoryStore() });
    await send(`${harness.proxy.url}/v1/messages`, { headers: { ...headers, 'x-headroom-mode': 'lossless' }, body: body(OUTPUT) });
    expect(harness.upstream.requests.at(-1)!.text()).not.toContain('rewritten by the step');
    expect(seen.calls).toBe(0);
  });

  it('does not commit when the request went out without its rewrite (past the compression budget)', async () => {
    const { conversation, seen } = step(1500);
    harness = await startHarness({ compressors: [minifyJson, foldLines], conversation, store: createMemoryStore(), compressionTimeoutMs: 200 });
    const answer = await send(`${harness.proxy.url}/v1/messages`, { headers, body: body(OUTPUT) });
    expect(answer.status).toBe(200);
    expect(answer.headers['x-headroom-compression-failed']).toBe('timeout');
    expect(harness.upstream.requests.at(-1)!.text()).not.toContain('rewritten by the step');
    // Let the abandoned step finish (and the host reach the commit point): it must not record
    // decisions the request never carried.
    await seen.done;
    expect(seen.calls).toBe(1);
    expect(seen.commits).toBe(0);
  });
});
