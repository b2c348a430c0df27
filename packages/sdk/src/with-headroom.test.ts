import Anthropic from '@anthropic-ai/sdk';
import { chatCompressor } from '@headroom/compressor-chat';
import { createMemoryStore, type HeadroomStore, parseMarkers, RETRIEVE_TOOL_NAME } from '@headroom/core';
import { type ScriptedUpstream, startScriptedUpstream } from '@headroom/proxy/testing';
import OpenAI from 'openai';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HeadroomEvent } from './headroom-options.js';
import { conversation, DPKG, holdAfterFirstText, QUESTION, reply, retrieveAnswer, type Shape, sentToolOutput, toolNames } from './testing/conversation.js';
import { withHeadroom } from './with-headroom.js';

let upstream: ScriptedUpstream;
let store: HeadroomStore;
let events: HeadroomEvent[];
beforeEach(async () => {
  upstream = await startScriptedUpstream();
  store = createMemoryStore();
  events = [];
});
afterEach(() => upstream.close());

const options = () => ({ store, onEvent: (e: HeadroomEvent) => events.push(e) });
const openai = () => withHeadroom(new OpenAI({ apiKey: 'sk-test', baseURL: `${upstream.url}/v1`, maxRetries: 0 }), options());
const anthropic = () => withHeadroom(new Anthropic({ apiKey: 'sk-ant-test', baseURL: upstream.url, maxRetries: 0 }), options());

/** One turn through the real client; returns the text the application read, in the order it read it. */
async function turn(shape: Shape, stream: boolean, onFirstText: () => void): Promise<{ text: string; toolCalls: number }> {
  if (shape === 'anthropic') {
    const client = anthropic();
    const params = { model: 'claude-sonnet-4-5', max_tokens: 100, tools: [{ name: 'Bash', input_schema: { type: 'object' as const } }], messages: conversation('anthropic') as Anthropic.MessageParam[] };
    if (!stream) {
      const message = await client.messages.create(params);
      return { text: message.content.map((b) => (b.type === 'text' ? b.text : '')).join(''), toolCalls: message.content.filter((b) => b.type === 'tool_use').length };
    }
    const s = client.messages.stream(params);
    let text = '';
    s.on('text', (delta) => {
      if (text === '') onFirstText();
      text += delta;
    });
    const final = await s.finalMessage();
    return { text, toolCalls: final.content.filter((b) => b.type === 'tool_use').length };
  }
  const client = openai();
  if (shape === 'chat') {
    const params = { model: 'gpt-4o', tools: [{ type: 'function' as const, function: { name: 'Bash' } }], messages: conversation('chat') as OpenAI.ChatCompletionMessageParam[] };
    if (!stream) {
      const completion = await client.chat.completions.create(params);
      return { text: completion.choices[0]?.message.content ?? '', toolCalls: completion.choices[0]?.message.tool_calls?.length ?? 0 };
    }
    let text = '';
    let toolCalls = 0;
    for await (const chunk of await client.chat.completions.create({ ...params, stream: true })) {
      const delta = chunk.choices[0]?.delta;
      if (delta?.content) {
        if (text === '') onFirstText();
        text += delta.content;
      }
      toolCalls += delta?.tool_calls?.length ?? 0;
    }
    return { text, toolCalls };
  }
  const params = { model: 'gpt-4o', tools: [{ type: 'function' as const, name: 'Bash', parameters: null, strict: false }], input: conversation('responses') as OpenAI.Responses.ResponseInput };
  if (!stream) {
    const response = await client.responses.create(params);
    return { text: response.output_text, toolCalls: response.output.filter((i) => i.type === 'function_call').length };
  }
  let text = '';
  let toolCalls = 0;
  for await (const event of await client.responses.create({ ...params, stream: true })) {
    if (event.type === 'response.output_text.delta') {
      if (text === '') onFirstText();
      text += event.delta;
    }
    if (event.type === 'response.output_item.added' && event.item.type === 'function_call') toolCalls++;
  }
  return { text, toolCalls };
}

describe.each([
  ['anthropic', false],
  ['anthropic', true],
  ['chat', false],
  ['chat', true],
  ['responses', false],
  ['responses', true],
] as [Shape, boolean][])('withHeadroom, %s, stream %s, with the real client', (shape, stream) => {
  it('sends the dpkg -l result compressed, answers the retrieve call in-process, and the application never sees the tool', async () => {
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

    const result = await turn(shape, stream, release);
    if (!stream) release();

    const [first, second] = upstream.requests;
    expect(upstream.requests).toHaveLength(2);
    // The tool output arrived upstream smaller, behind markers, and the model was offered the tool.
    const sent = sentToolOutput(shape, first!);
    expect(sent.length).toBeLessThan(DPKG.length / 3);
    expect(parseMarkers(sent).length).toBeGreaterThan(0);
    expect(toolNames(first!)).toEqual(['Bash', RETRIEVE_TOOL_NAME]);
    // The continuation carried the original behind the ref, byte-exact.
    const original = await store.originals.get('local', ref);
    expect(original).toBeDefined();
    expect(retrieveAnswer(shape, second!)).toBe(original!.original);
    expect(DPKG).toContain(original!.original);
    // The application read no tool call: a stream carries both rounds' text; a JSON answer is the
    // last round's response (the proxy's rule), usage summed over the rounds.
    expect(result).toEqual({ text: stream ? 'Let me look. python3 is installed.' : 'python3 is installed.', toolCalls: 0 });
    expect(events.filter((e) => e.type === 'retrieved')).toEqual([{ type: 'retrieved', ref, found: true, round: 1 }]);
    // One request row in the ledger, as the proxy writes, so `headroom stats` counts the savings.
    const rows = (await store.ledger.read()).filter((e) => e.type === 'request');
    expect(rows).toMatchObject([{ source: 'sdk', provider: shape === 'anthropic' ? 'anthropic' : 'openai', status: 200 }]);
    const [row] = rows as { tokensBefore: number; tokensAfter: number }[];
    expect(row!.tokensAfter).toBeLessThan(row!.tokensBefore);
  });
});

describe('withHeadroom over a conversation (chat step on by default)', () => {
  const tools = [{ name: 'Bash', input_schema: { type: 'object' as const } }];
  const opening = { role: 'user' as const, content: QUESTION };
  const call = (id: string) => ({ role: 'assistant' as const, content: [{ type: 'tool_use' as const, id, name: 'Bash', input: { command: 'dpkg -l' } }] });
  const result = (id: string) => ({ role: 'user' as const, content: [{ type: 'tool_result' as const, tool_use_id: id, content: DPKG }] });
  const history = [[opening], [opening, call('t1'), result('t1')], [opening, call('t1'), result('t1'), call('t2'), result('t2')]];

  it('offers the retrieve tool from the first request, keeps the tool list and the sent history byte-stable, and references a re-run command at first sight', async () => {
    let clock = Date.UTC(2026, 11, 1);
    const client = withHeadroom(new Anthropic({ apiKey: 'sk-ant-test', baseURL: upstream.url, maxRetries: 0 }), { store, conversation: chatCompressor({ now: () => clock }) });
    for (const messages of history) {
      upstream.enqueue(reply('anthropic', false, { text: ['ok'] }));
      await client.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 100, tools, messages });
      clock += 30_000;
    }
    const sent = upstream.requests.map((r) => r.json() as { tools: unknown[]; messages: { content: { content?: string }[] }[] });
    // The tool list has the same bytes on every turn, from the first request on (no marker there yet).
    expect(sent.map((b) => JSON.stringify(b.tools))).toEqual(Array(3).fill(JSON.stringify(sent[2]!.tools)));
    expect(toolNames(upstream.requests[0]!)).toEqual(['Bash', RETRIEVE_TOOL_NAME]);
    expect(JSON.stringify(sent[1]!.messages)).toBe(JSON.stringify(sent[2]!.messages.slice(0, 3)));
    // The second dpkg -l is a reference to the first, redeemable byte-exact.
    const rerun = sent[2]!.messages[4]!.content[0]!.content!;
    expect(rerun).toMatch(/^\[Bash dpkg -l: same output as the result of the earlier call t1/);
    expect((await store.originals.get('local', parseMarkers(rerun)[0]!.ref))?.original).toBe(DPKG);
  });

  it('with retrieveTool: \'when-it-pays\', brings the retrieve tool with the first marker, once it pays for its cache rewrite, keeps the sent history byte-stable, and references a re-run command at first sight', async () => {
    let clock = Date.UTC(2026, 11, 1);
    const client = withHeadroom(new Anthropic({ apiKey: 'sk-ant-test', baseURL: upstream.url, maxRetries: 0 }), { store, conversation: chatCompressor({ now: () => clock, retrieveTool: 'when-it-pays' }) });
    for (const messages of history) {
      upstream.enqueue(reply('anthropic', false, { text: ['ok'] }));
      await client.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 100, tools, messages });
      clock += 30_000;
    }
    const sent = upstream.requests.map((r) => r.json() as { tools: unknown[]; messages: { content: { content?: string }[] }[] });
    // No marker on the first turn: the client's tools only. The second turn's dpkg -l output is the
    // first marker; the cached prefix it rewrites is one question, so it pays at once and brings
    // the tool, which stays for every later turn.
    expect(upstream.requests.map(toolNames)).toEqual([['Bash'], ['Bash', RETRIEVE_TOOL_NAME], ['Bash', RETRIEVE_TOOL_NAME]]);
    expect(JSON.stringify(sent[1]!.messages)).toBe(JSON.stringify(sent[2]!.messages.slice(0, 3)));
    // The second dpkg -l is a reference to the first, redeemable byte-exact.
    const rerun = sent[2]!.messages[4]!.content[0]!.content!;
    expect(rerun).toMatch(/^\[Bash dpkg -l: same output as the result of the earlier call t1/);
    expect((await store.originals.get('local', parseMarkers(rerun)[0]!.ref))?.original).toBe(DPKG);
  });

  it('conversation: false keeps per-slot compression only; lossless mode offers no tool', async () => {
    const plain = withHeadroom(new Anthropic({ apiKey: 'sk-ant-test', baseURL: upstream.url, maxRetries: 0 }), { store, conversation: false });
    upstream.enqueue(reply('anthropic', false, { text: ['ok'] }));
    await plain.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 100, tools, messages: history[2]! });
    const rerun = (upstream.requests[0]!.json() as { messages: { content: { content: string }[] }[] }).messages[4]!.content[0]!.content;
    expect(rerun).not.toMatch(/same output as/);
    expect(toolNames(upstream.requests[0]!)).toEqual(['Bash', RETRIEVE_TOOL_NAME]);
    const lossless = withHeadroom(new Anthropic({ apiKey: 'sk-ant-test', baseURL: upstream.url, maxRetries: 0 }), { store, mode: 'lossless' });
    upstream.enqueue(reply('anthropic', false, { text: ['ok'] }));
    await lossless.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 100, tools, messages: [opening] });
    expect(toolNames(upstream.requests[1]!)).toEqual(['Bash']);
  });
});

describe('withHeadroom fails open', () => {
  it('a store that cannot write: the original request goes out, the call succeeds, onEvent says why', async () => {
    const broken = createMemoryStore();
    broken.originals.put = async () => {
      throw new Error('disk full');
    };
    store = broken;
    upstream.enqueue(reply('chat', false, { text: 'fine' }));
    const completion = await openai().chat.completions.create({ model: 'gpt-4o', messages: conversation('chat') as OpenAI.ChatCompletionMessageParam[] });
    expect(completion.choices[0]?.message.content).toBe('fine');
    const sent = sentToolOutput('chat', upstream.requests[0]!);
    expect(sent).toBe(DPKG);
    expect(toolNames(upstream.requests[0]!)).toEqual([]);
    expect(events.some((e) => e.type === 'failed')).toBe(true);
  });

  it("mode 'off' sends the body the client built, byte for byte", async () => {
    const client = withHeadroom(new OpenAI({ apiKey: 'sk-test', baseURL: `${upstream.url}/v1`, maxRetries: 0 }), { store, mode: 'off' });
    const bare = new OpenAI({ apiKey: 'sk-test', baseURL: `${upstream.url}/v1`, maxRetries: 0 });
    upstream.enqueue(reply('chat', false, { text: 'a' }), reply('chat', false, { text: 'b' }));
    const params = { model: 'gpt-4o', messages: conversation('chat') as OpenAI.ChatCompletionMessageParam[] };
    await client.chat.completions.create(params);
    await bare.chat.completions.create(params);
    expect(upstream.requests[0]!.body.equals(upstream.requests[1]!.body)).toBe(true);
  });

  it('leaves other routes and the original client alone', async () => {
    const bare = new OpenAI({ apiKey: 'sk-test', baseURL: `${upstream.url}/v1`, maxRetries: 0 });
    withHeadroom(bare, options());
    upstream.enqueue(reply('chat', false, { text: 'bare' }));
    await bare.chat.completions.create({ model: 'gpt-4o', messages: conversation('chat') as OpenAI.ChatCompletionMessageParam[] });
    expect(sentToolOutput('chat', upstream.requests[0]!)).toBe(DPKG);
    upstream.enqueue({ json: { object: 'list', data: [] } });
    await openai().models.list();
    expect(upstream.requests[1]!.method).toBe('GET');
  });
});
