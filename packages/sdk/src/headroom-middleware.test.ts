import { createAnthropic } from '@ai-sdk/anthropic';
import { createOpenAI } from '@ai-sdk/openai';
import { createMemoryStore, type HeadroomStore, parseMarkers, RETRIEVE_TOOL_NAME } from '@headroom/core';
import { type ScriptedUpstream, startScriptedUpstream } from '@headroom/proxy/testing';
import { generateText, jsonSchema, type ModelMessage, streamText, tool, wrapLanguageModel } from 'ai';
import { generateText as generateTextV5, streamText as streamTextV5, wrapLanguageModel as wrapV5 } from 'ai-v5';
import { createOpenAI as createOpenAIV2 } from 'ai-sdk-openai-v2';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { headroomMiddleware } from './headroom-middleware.js';
import type { HeadroomEvent } from './headroom-options.js';
import { DPKG, holdAfterFirstText, QUESTION, reply, retrieveAnswer, type Shape, sentToolOutput, toolNames } from './testing/conversation.js';

let upstream: ScriptedUpstream;
let store: HeadroomStore;
let events: HeadroomEvent[];
beforeEach(async () => {
  upstream = await startScriptedUpstream();
  store = createMemoryStore();
  events = [];
});
afterEach(() => upstream.close());

/** The same conversation as the client tests, as AI SDK messages. */
const messages: ModelMessage[] = [
  { role: 'user', content: QUESTION },
  { role: 'assistant', content: [{ type: 'tool-call', toolCallId: 'c1', toolName: 'Bash', input: { command: 'dpkg -l' } }] },
  { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'c1', toolName: 'Bash', output: { type: 'text', value: DPKG } }] },
];

type Major = 'v6' | 'v5';

function model(major: Major, shape: Shape) {
  const middleware = headroomMiddleware({ store, onEvent: (e) => events.push(e) });
  if (major === 'v5') return wrapV5({ model: createOpenAIV2({ apiKey: 'sk-test', baseURL: `${upstream.url}/v1` }).chat('gpt-4o'), middleware });
  const inner =
    shape === 'anthropic'
      ? createAnthropic({ apiKey: 'sk-ant-test', baseURL: `${upstream.url}/v1` })('claude-sonnet-4-5')
      : shape === 'chat'
        ? createOpenAI({ apiKey: 'sk-test', baseURL: `${upstream.url}/v1` }).chat('gpt-4o')
        : createOpenAI({ apiKey: 'sk-test', baseURL: `${upstream.url}/v1` }).responses('gpt-4o');
  return wrapLanguageModel({ model: inner, middleware });
}

async function run(major: Major, shape: Shape, stream: boolean, onFirstText: () => void) {
  const common = { messages, maxRetries: 0 } as const;
  if (major === 'v5') {
    const m = model('v5', shape) as Parameters<typeof generateTextV5>[0]['model'];
    if (!stream) {
      const result = await generateTextV5({ model: m, ...common, messages: common.messages as never });
      return { text: result.text, toolCalls: result.toolCalls.length };
    }
    const result = streamTextV5({ model: m, ...common, messages: common.messages as never });
    let text = '';
    for await (const delta of result.textStream) {
      if (text === '') onFirstText();
      text += delta;
    }
    return { text, toolCalls: (await result.toolCalls).length };
  }
  const m = model('v6', shape);
  if (!stream) {
    const result = await generateText({ model: m, ...common });
    return { text: result.text, toolCalls: result.toolCalls.length };
  }
  const result = streamText({ model: m, ...common });
  let text = '';
  for await (const delta of result.textStream) {
    if (text === '') onFirstText();
    text += delta;
  }
  return { text, toolCalls: (await result.toolCalls).length };
}

describe.each([
  ['v6', 'anthropic'],
  ['v6', 'chat'],
  ['v6', 'responses'],
  ['v5', 'chat'],
] as [Major, Shape][])('headroomMiddleware, ai %s, %s, with the real providers', (major, shape) => {
  it.each([false, true])('stream %s: the dpkg -l result goes up compressed, the retrieve call is answered in-process, the app never sees it', async (stream) => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let ref = '';
    upstream.enqueue((request) => {
      ref = parseMarkers(sentToolOutput(shape, request))[0]?.ref ?? 'no-marker';
      const first = reply(shape, stream, { text: ['Let me look. '], toolCall: { id: 'call_r', name: RETRIEVE_TOOL_NAME, input: { hash: ref } } });
      return 'sse' in first && first.sse ? { sse: holdAfterFirstText(first.sse, released) } : first;
    });
    upstream.enqueue(reply(shape, stream, { text: ['python3 is installed.'] }));

    const result = await run(major, shape, stream, release);
    if (!stream) release();

    expect(upstream.requests).toHaveLength(2);
    const [first, second] = upstream.requests;
    const sent = sentToolOutput(shape, first!);
    expect(sent.length).toBeLessThan(DPKG.length / 3);
    expect(toolNames(first!)).toContain(RETRIEVE_TOOL_NAME);
    const original = await store.originals.get('local', ref);
    expect(original).toBeDefined();
    expect(retrieveAnswer(shape, second!)).toBe(original!.original);
    expect(result).toEqual({ text: 'Let me look. python3 is installed.', toolCalls: 0 });
    expect(events.filter((e) => e.type === 'retrieved')).toEqual([{ type: 'retrieved', ref, found: true, round: 1 }]);
  });
});

describe('headroomMiddleware and the tool list', () => {
  it('a call that declares tools is offered the retrieve tool before any marker; a call to it then gets the miss text, and the app never sees it', async () => {
    // The scripted model never calls it.
    const bash = tool({ description: 'Runs a command', inputSchema: jsonSchema<{ command: string }>({ type: 'object', properties: { command: { type: 'string' } } }), execute: async () => 'not run' });
    const guessed = 'a'.repeat(24);
    upstream.enqueue(reply('chat', false, { text: [], toolCall: { id: 'r1', name: RETRIEVE_TOOL_NAME, input: { hash: guessed } } }), reply('chat', false, { text: 'Nothing omitted yet.' }));
    const result = await generateText({ model: model('v6', 'chat'), tools: { Bash: bash }, messages: [{ role: 'user', content: QUESTION }], maxRetries: 0 });
    expect(toolNames(upstream.requests[0]!)).toEqual(['Bash', RETRIEVE_TOOL_NAME]);
    expect(retrieveAnswer('chat', upstream.requests[1]!)).toMatch(/^The original behind ref a{24} is no longer stored/);
    expect(result.text).toBe('Nothing omitted yet.');
    expect(result.toolCalls).toEqual([]);
    // Without tools of its own and without markers, a call gets no tool.
    upstream.enqueue(reply('chat', false, { text: 'hi' }));
    await generateText({ model: model('v6', 'chat'), messages: [{ role: 'user', content: 'hello' }], maxRetries: 0 });
    expect(toolNames(upstream.requests[2]!)).toEqual([]);
  });
});

describe('headroomMiddleware fails open', () => {
  it('a store that cannot write: the prompt goes up as it was, without the retrieve tool, and generateText answers', async () => {
    store = createMemoryStore();
    store.originals.put = async () => {
      throw new Error('disk full');
    };
    upstream.enqueue(reply('chat', false, { text: 'fine' }));
    const result = await generateText({ model: model('v6', 'chat'), messages, maxRetries: 0 });
    expect(result.text).toBe('fine');
    expect(sentToolOutput('chat', upstream.requests[0]!)).toBe(DPKG);
    expect(toolNames(upstream.requests[0]!)).not.toContain(RETRIEVE_TOOL_NAME);
    expect(events.some((e) => e.type === 'failed')).toBe(true);
  });
});
