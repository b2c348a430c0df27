import Anthropic from '@anthropic-ai/sdk';
import { parseMarkers, RETRIEVE_TOOL_NAME } from '@headroom/core';
import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, keepFirstLine, send, startHarness } from './internal/test-kit.js';
import {
  anthropicMessage,
  anthropicStream,
  openaiChatCompletion,
  openaiChatStream,
  openaiResponse,
  openaiResponsesStream,
  type RecordedRequest,
  type ReplyOptions,
  type ScriptedReply,
} from './testing/index.js';

let harness: Harness;
afterEach(async () => {
  await harness?.close();
});

const LOG = `LOG api server\n${Array.from({ length: 40 }, (_, i) => `INFO request ${i} served`).join('\n')}`;
const LIMIT_TEXT = /retrieval limit/;

type Shape = 'anthropic' | 'chat' | 'responses';

function body(shape: Shape, stream: boolean): Record<string, unknown> {
  if (shape === 'anthropic') {
    return {
      model: 'claude-sonnet-4-5',
      max_tokens: 100,
      stream,
      messages: [
        { role: 'user', content: 'why?' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'Bash', input: {} }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: LOG }] },
      ],
    };
  }
  if (shape === 'chat') {
    return {
      model: 'gpt-4o',
      stream,
      messages: [
        { role: 'user', content: 'why?' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'Bash', arguments: '{}' } }] },
        { role: 'tool', tool_call_id: 'c1', content: LOG },
      ],
    };
  }
  return {
    model: 'gpt-4o',
    stream,
    input: [
      { type: 'message', role: 'user', content: 'why?' },
      { type: 'function_call', call_id: 'c1', name: 'Bash', arguments: '{}' },
      { type: 'function_call_output', call_id: 'c1', output: LOG },
    ],
  };
}

const reply = (shape: Shape, stream: boolean, options: ReplyOptions): ScriptedReply => {
  if (shape === 'anthropic') return stream ? { sse: anthropicStream(options) } : { json: anthropicMessage(options) };
  if (shape === 'chat') return stream ? { sse: openaiChatStream(options) } : { json: openaiChatCompletion(options) };
  return stream ? { sse: openaiResponsesStream(options) } : { json: openaiResponse(options) };
};

/** The ref of the marker the proxy put into the forwarded request. */
const refIn = (request: RecordedRequest) => parseMarkers(request.text())[0]!.ref;

describe.each([
  ['anthropic', true],
  ['anthropic', false],
  ['chat', true],
  ['chat', false],
  ['responses', true],
  ['responses', false],
] as const)('after the last retrieval round: %s, stream %s', (shape, stream) => {
  it('the client gets a valid final turn saying the retrieval limit was reached, not an empty tool turn', async () => {
    harness = await startHarness({ compressors: [keepFirstLine], maxRetrievalRounds: 1 });
    // A model that keeps asking, even when told it may not call tools any more.
    harness.upstream.setDefault((request) => reply(shape, stream, { text: 'Looking. ', toolCall: { id: `r${harness.upstream.requests.length}`, name: RETRIEVE_TOOL_NAME, input: { hash: refIn(request) } } }));
    const request = body(shape, stream) as never;
    if (shape === 'anthropic') {
      const client = new Anthropic({ baseURL: harness.proxy.url, apiKey: 'k', maxRetries: 0 });
      const message = stream ? await client.messages.stream(request).finalMessage() : await client.messages.create(request);
      expect(message.stop_reason).toBe('end_turn');
      expect(message.content.every((b) => b.type === 'text')).toBe(true);
      expect(message.content.at(-1)).toMatchObject({ type: 'text', text: expect.stringMatching(LIMIT_TEXT) });
    } else if (shape === 'chat') {
      const client = new OpenAI({ baseURL: `${harness.proxy.url}/v1`, apiKey: 'k', maxRetries: 0 });
      const completion = (stream ? await client.chat.completions.stream(request).finalChatCompletion() : await client.chat.completions.create(request)) as OpenAI.ChatCompletion;
      const choice = completion.choices[0]!;
      expect(choice.finish_reason).toBe('stop');
      expect(choice.message.tool_calls ?? []).toEqual([]);
      expect(choice.message.content).toMatch(LIMIT_TEXT);
    } else {
      const client = new OpenAI({ baseURL: `${harness.proxy.url}/v1`, apiKey: 'k', maxRetries: 0 });
      const response = (stream ? await client.responses.stream(request).finalResponse() : await client.responses.create(request)) as OpenAI.Responses.Response;
      expect(response.status).toBe('completed');
      expect(response.output.some((item) => item.type === 'function_call')).toBe(false);
      expect(response.output.at(-1)).toMatchObject({ type: 'message', role: 'assistant' });
      expect(response.output_text).toMatch(LIMIT_TEXT);
    }
    // One round answered, then the continuation that was told to stop calling tools.
    expect(harness.upstream.requests).toHaveLength(2);
  });

  it("keeps tool_use as the stop reason when the model also called the client's own tool", async () => {
    harness = await startHarness({ compressors: [keepFirstLine], maxRetrievalRounds: 1 });
    harness.upstream.setDefault((request) =>
      reply(shape, stream, {
        toolCalls: [
          { id: `r${harness.upstream.requests.length}`, name: RETRIEVE_TOOL_NAME, input: { hash: refIn(request) } },
          ...(harness.upstream.requests.length > 1 ? [{ id: 'b1', name: 'Bash', input: { command: 'df' } }] : []),
        ],
      }),
    );
    const answer = await send(`${harness.proxy.url}${shape === 'anthropic' ? '/v1/messages' : shape === 'chat' ? '/v1/chat/completions' : '/v1/responses'}`, {
      headers: { 'x-api-key': 'k' },
      body: JSON.stringify(body(shape, stream)),
    });
    expect(answer.status).toBe(200);
    expect(answer.text).not.toMatch(LIMIT_TEXT);
    expect(answer.text).toContain('"Bash"');
    if (shape === 'anthropic') expect(answer.text).toContain('"stop_reason":"tool_use"');
    if (shape === 'chat') expect(answer.text).toContain('"finish_reason":"tool_calls"');
  });
});

describe('hostile upstream streams with retrieval active', () => {
  it('Chat: relays chunks it cannot read (null choices, null deltas, non-objects, garbage) as they came and keeps the stream alive', async () => {
    harness = await startHarness({ compressors: [keepFirstLine] });
    const base = { id: 'chatcmpl-scripted', object: 'chat.completion.chunk', created: 1_700_000_000, model: 'gpt-4o' };
    const hostile = [
      { ...base, choices: [null] },
      { ...base, choices: [{ index: 0, delta: null, finish_reason: null }] },
      { ...base, choices: [{ index: 0, delta: { tool_calls: [null, { index: 'x' }] }, finish_reason: null }] },
      { ...base, choices: 'nope' },
      { error: { message: 'upstream says something', type: 'server_error' } },
    ];
    const events = openaiChatStream({ text: ['The ', 'answer.'] });
    harness.upstream.enqueue({
      sse: [events[0]!, ...hostile.map((data) => ({ data })), { data: '42' }, { data: '"a string"' }, { data: '{not json' }, ...events.slice(1)],
    });
    const answer = await send(`${harness.proxy.url}/v1/chat/completions`, { body: JSON.stringify(body('chat', true)) });
    expect(answer.status).toBe(200);
    for (const data of hostile) expect(answer.text).toContain(`data: ${JSON.stringify(data)}\n\n`);
    for (const raw of ['42', '"a string"', '{not json']) expect(answer.text).toContain(`data: ${raw}\n\n`);
    expect(answer.text).toContain('"content":"answer."');
    expect(answer.text).toContain('"finish_reason":"stop"');
    expect(answer.text.endsWith('data: [DONE]\n\n')).toBe(true);
    // The proxy is still healthy and the retrieve tool was on offer.
    expect(harness.upstream.requests[0]!.text()).toContain(RETRIEVE_TOOL_NAME);
    expect((await send(`${harness.proxy.url}/livez`)).status).toBe(200);
  });

  it('Anthropic and Responses: hostile events are relayed and the stream still ends properly', async () => {
    harness = await startHarness({ compressors: [keepFirstLine] });
    const anthropic = anthropicStream({ text: 'fine' });
    harness.upstream.enqueue({
      sse: [
        anthropic[0]!,
        { event: 'content_block_start', data: { type: 'content_block_start', index: 'x', content_block: null } },
        { event: 'content_block_delta', data: { type: 'content_block_delta', index: 7, delta: null } },
        { event: 'message_delta', data: { type: 'message_delta', delta: null, usage: null } },
        { event: 'weird', data: '[1,2' },
        ...anthropic.slice(1),
      ],
    });
    const a = await send(`${harness.proxy.url}/v1/messages`, { headers: { 'x-api-key': 'k' }, body: JSON.stringify(body('anthropic', true)) });
    expect(a.status).toBe(200);
    expect(a.text).toContain('event: weird\ndata: [1,2\n\n');
    expect(a.text).toContain('"text":"fine"');
    expect(a.text).toMatch(/event: message_stop\ndata: \{"type":"message_stop"\}\n\n$/);

    const responses = openaiResponsesStream({ text: 'fine' });
    harness.upstream.enqueue({
      sse: [
        responses[0]!,
        { event: 'response.output_item.added', data: { type: 'response.output_item.added', output_index: 5, item: null } },
        { event: 'response.output_item.done', data: { type: 'response.output_item.done', output_index: 5, item: null } },
        { data: 'null' },
        ...responses.slice(1),
      ],
    });
    const r = await send(`${harness.proxy.url}/v1/responses`, { body: JSON.stringify(body('responses', true)) });
    expect(r.status).toBe(200);
    expect(r.text).toContain('data: null\n\n');
    expect(r.text).toContain('"delta":"fine"');
    expect(r.text).toMatch(/event: response\.completed\ndata: .*\n\n$/);
  });

  it.each([
    ['chat', '/v1/chat/completions', { ...openaiChatCompletion(), choices: [null, { index: 1, message: null }] }],
    ['anthropic', '/v1/messages', { ...anthropicMessage(), content: [null, 'text', { type: 'text', text: 'ok' }] }],
    ['responses', '/v1/responses', { ...openaiResponse(), output: [null, 7] }],
  ] as const)('%s JSON: a response of unexpected shape is relayed as it came', async (shape, route, json) => {
    harness = await startHarness({ compressors: [keepFirstLine] });
    harness.upstream.enqueue({ json }, { body: '{"half": ', headers: { 'content-type': 'application/json' } });
    const answer = await send(`${harness.proxy.url}${route}`, { headers: { 'x-api-key': 'k' }, body: JSON.stringify(body(shape, false)) });
    expect(answer.status).toBe(200);
    expect(answer.json()).toEqual(json);
    const broken = await send(`${harness.proxy.url}${route}`, { headers: { 'x-api-key': 'k' }, body: JSON.stringify(body(shape, false)) });
    expect(broken.status).toBe(200);
    expect(broken.text).toBe('{"half": ');
  });
});
