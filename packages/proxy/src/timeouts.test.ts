import { request as httpRequest } from 'node:http';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, send, startHarness } from './internal/test-kit.js';
import { anthropicStream, openaiChatStream } from './testing/provider-replies.js';

let harness: Harness;
afterEach(async () => {
  await harness?.close();
});

const never = new Promise<void>(() => {});
const chat = (stream: boolean) => JSON.stringify({ model: 'gpt-4o', stream, messages: [{ role: 'user', content: 'hi' }] });

describe('timeouts and cancellation', () => {
  it('answers 504 in the provider shape when the upstream never starts answering', async () => {
    harness = await startHarness({ firstByteTimeoutMs: 150, responseTimeoutMs: 300 });
    harness.upstream.enqueue({ hang: true }, { hang: true });
    const streaming = await send(`${harness.proxy.url}/v1/messages`, { headers: { 'x-api-key': 'k' }, body: JSON.stringify({ model: 'm', stream: true, messages: [] }) });
    expect(streaming.status).toBe(504);
    expect(streaming.json<{ error: { type: string; message: string } }>().error.message).toContain('did not answer within 150 ms');
    const buffered = await send(`${harness.proxy.url}/v1/chat/completions`, { body: chat(false) });
    expect(buffered.status).toBe(504);
    expect(buffered.json()).toMatchObject({ error: { type: 'server_error', code: 'headroom_upstream_timeout' } });
  });

  it('ends a stalled stream with a provider-shaped SSE error event', async () => {
    harness = await startHarness({ idleTimeoutMs: 150 });
    const events = anthropicStream();
    harness.upstream.enqueue({ sse: [events[0]!, { ...events[1]!, waitFor: never }] });
    const answer = await send(`${harness.proxy.url}/v1/messages`, { headers: { 'x-api-key': 'k' }, body: JSON.stringify({ model: 'm', stream: true, messages: [] }) });
    expect(answer.status).toBe(200);
    expect(answer.text.startsWith('event: message_start\n')).toBe(true);
    expect(answer.text).toMatch(/event: error\ndata: \{"type":"error","error":\{"type":"api_error","message":"headroom proxy: the upstream sent nothing for 150 ms"\}\}\n\n$/);

    harness.upstream.enqueue({ sse: openaiChatStream(), stallAfterHeaders: true });
    const openai = await send(`${harness.proxy.url}/v1/chat/completions`, { body: chat(true) });
    expect(openai.text).toMatch(/^data: \{"error":\{"message":"headroom proxy: the upstream sent nothing/);
  });

  it('surfaces a stalled stream as an API error in both official SDKs', async () => {
    harness = await startHarness({ idleTimeoutMs: 150 });
    const events = anthropicStream();
    harness.upstream.enqueue({ sse: [events[0]!, { ...events[1]!, waitFor: never }] });
    const anthropic = new Anthropic({ baseURL: harness.proxy.url, apiKey: 'k', maxRetries: 0 });
    const consume = async () => {
      for await (const _event of anthropic.messages.stream({ model: 'm', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] })) {
        // drain
      }
    };
    await expect(consume()).rejects.toThrow(/headroom proxy: the upstream sent nothing/);

    harness.upstream.enqueue({ sse: [openaiChatStream()[0]!, { data: 'never sent', waitFor: never }] });
    const openai = new OpenAI({ baseURL: `${harness.proxy.url}/v1`, apiKey: 'k', maxRetries: 0 });
    const drain = async () => {
      const stream = await openai.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }], stream: true });
      for await (const _chunk of stream) {
        // drain
      }
    };
    await expect(drain()).rejects.toThrow(/headroom proxy: the upstream sent nothing/);
  });

  it('cancels the upstream request when the client goes away', async () => {
    harness = await startHarness();
    harness.upstream.enqueue({ sse: openaiChatStream({ text: Array.from({ length: 100 }, (_, i) => `t${i} `), eventDelayMs: 20 }) });
    await new Promise<void>((resolve, reject) => {
      const req = httpRequest(`${harness.proxy.url}/v1/chat/completions`, { method: 'POST' }, (res) => {
        res.once('data', () => {
          req.destroy();
          resolve();
        });
      });
      req.on('error', () => undefined);
      req.end(chat(true));
      setTimeout(() => reject(new Error('no data')), 5000);
    });
    for (let i = 0; i < 200 && harness.upstream.aborted === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(harness.upstream.aborted).toBe(1);
  });
});
