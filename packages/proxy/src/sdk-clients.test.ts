import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './internal/test-kit.js';
import { anthropicStream, openaiChatStream, openaiResponsesStream } from './testing/provider-replies.js';
import type { ScriptedEvent } from './testing/scripted-upstream.js';

let harness: Harness;
beforeEach(async () => {
  harness = await startHarness();
});
afterEach(async () => {
  await harness.close();
});

const anthropic = () => new Anthropic({ baseURL: harness.proxy.url, apiKey: 'sk-ant-test', maxRetries: 0 });
const openai = () => new OpenAI({ baseURL: `${harness.proxy.url}/v1`, apiKey: 'sk-test', maxRetries: 0 });

/** Holds every event after the first until `release` is called: proves the stream is not buffered. */
function holdAfterFirst(events: ScriptedEvent[]): { events: ScriptedEvent[]; release: () => void } {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  return { events: events.map((e, i) => (i === 1 ? { ...e, waitFor: gate } : e)), release };
}

describe('official SDKs through the proxy', () => {
  it('Anthropic SDK, non-streaming', async () => {
    const message = await anthropic().messages.create({ model: 'claude-sonnet-4-5', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] });
    expect(message.content).toEqual([{ type: 'text', text: 'Hello from the scripted upstream.' }]);
    // SDK 1.x sends the key as a bearer token; either way it reaches the upstream untouched.
    expect(harness.upstream.requests[0]!.headers.authorization).toBe('Bearer sk-ant-test');
    expect(harness.upstream.requests[0]!.headers['anthropic-version']).toBeDefined();
  });

  it('Anthropic SDK, streaming: events arrive in order and before the upstream finishes', async () => {
    const { events, release } = holdAfterFirst(anthropicStream({ text: ['Hel', 'lo', ' world'] }));
    harness.upstream.enqueue({ sse: events });
    const stream = anthropic().messages.stream({ model: 'claude-sonnet-4-5', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] });
    const types: string[] = [];
    for await (const event of stream) {
      if (types.length === 0) {
        // The upstream is still holding the rest: this event was not buffered behind them.
        expect(event.type).toBe('message_start');
        release();
      }
      types.push(event.type);
    }
    expect(types).toEqual(['message_start', 'content_block_start', 'content_block_delta', 'content_block_delta', 'content_block_delta', 'content_block_stop', 'message_delta', 'message_stop']);
    const final = await stream.finalMessage();
    expect(final.content).toEqual([{ type: 'text', text: 'Hello world' }]);
  });

  it('OpenAI SDK, chat completions, non-streaming and streaming', async () => {
    const completion = await openai().chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] });
    expect(completion.choices[0]!.message.content).toBe('Hello from the scripted upstream.');
    expect(harness.upstream.requests[0]!.headers.authorization).toBe('Bearer sk-test');

    const { events, release } = holdAfterFirst(openaiChatStream({ text: ['a', 'b', 'c'] }));
    harness.upstream.enqueue({ sse: events });
    const stream = await openai().chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }], stream: true });
    let text = '';
    let chunks = 0;
    for await (const chunk of stream) {
      if (chunks++ === 0) release();
      text += chunk.choices[0]?.delta.content ?? '';
    }
    expect(text).toBe('abc');
    expect(chunks).toBe(6);
  });

  it('OpenAI SDK, responses, non-streaming and streaming', async () => {
    const response = await openai().responses.create({ model: 'gpt-4o', input: 'hi' });
    expect(response.output_text).toBe('Hello from the scripted upstream.');

    const { events, release } = holdAfterFirst(openaiResponsesStream({ text: ['x', 'y'] }));
    harness.upstream.enqueue({ sse: events });
    const stream = await openai().responses.create({ model: 'gpt-4o', input: 'hi', stream: true });
    const types: string[] = [];
    let text = '';
    for await (const event of stream) {
      if (types.length === 0) release();
      types.push(event.type);
      if (event.type === 'response.output_text.delta') text += event.delta;
    }
    expect(types[0]).toBe('response.created');
    expect(types.at(-1)).toBe('response.completed');
    expect(text).toBe('xy');
  });
});
