import { jsonCompressor } from '@headroom/compressor-json';
import { logsCompressor } from '@headroom/compressor-logs';
import { garbageInputs } from '@headroom/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, send, startHarness } from './internal/test-kit.js';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness({ compressors: [jsonCompressor(), logsCompressor()] });
});
afterAll(async () => {
  await harness.close();
});

const routes = ['/v1/messages', '/v1/chat/completions', '/v1/responses'];

describe('bad input never crashes or hangs the proxy', () => {
  it.each(garbageInputs().map((g) => [g.name, g.input] as const))('%s as a body and as a tool result', async (_name, input) => {
    for (const route of routes) {
      const answer = await send(`${harness.proxy.url}${route}`, { headers: { 'x-api-key': 'k' }, body: input });
      expect(answer.status === 200 || answer.status === 400).toBe(true);
    }
    const body = {
      model: 'm',
      messages: [
        { role: 'user', content: 'go' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 't', name: 'Bash', input: {} }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't', content: input }] },
      ],
    };
    const answer = await send(`${harness.proxy.url}/v1/messages`, { headers: { 'x-api-key': 'k' }, body: JSON.stringify(body) });
    expect(answer.status).toBe(200);
    const forwarded: string = harness.upstream.requests.at(-1)!.json().messages[2].content[0].content;
    // Either passed through as it came, or replaced by something smaller (the pipeline refuses growth).
    expect(forwarded === input || forwarded.length < input.length).toBe(true);
    expect((await send(`${harness.proxy.url}/livez`)).status).toBe(200);
  });
});
