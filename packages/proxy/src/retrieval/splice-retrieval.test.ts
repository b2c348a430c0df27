import { describe, expect, it } from 'vitest';
import { anthropicStreamDialect } from './anthropic-stream.js';
import { openAIChatStreamDialect } from './openai-chat-stream.js';
import { openAIResponsesStreamDialect } from './openai-responses-stream.js';
import { spliceRetrieval } from './splice-retrieval.js';
import type { SseEvent } from './sse.js';

const REF = '0123456789abcdef01234567';
const a = (type: string, rest: Record<string, unknown>): SseEvent => ({ event: type, data: JSON.stringify({ type, ...rest }) });
async function* from(events: SseEvent[]) { yield* events; }
async function collect(gen: AsyncGenerator<SseEvent>) { const out: SseEvent[] = []; for await (const e of gen) out.push(e); return out; }
const datas = (events: SseEvent[]) => events.map((e) => (e.data === '[DONE]' ? '[DONE]' : JSON.parse(e.data)));

function anthropicRound(opts: { id: string; text?: string; retrieve?: string; tool?: string; input: number; output: number }): SseEvent[] {
  const events = [a('message_start', { message: { id: opts.id, usage: { input_tokens: opts.input, output_tokens: 1 } } })];
  let i = 0;
  if (opts.text) events.push(a('content_block_start', { index: i, content_block: { type: 'text', text: '' } }), a('content_block_delta', { index: i, delta: { type: 'text_delta', text: opts.text } }), a('content_block_stop', { index: i++ }));
  if (opts.retrieve) events.push(a('content_block_start', { index: i, content_block: { type: 'tool_use', id: 'toolu_r', name: 'headroom_retrieve', input: {} } }), a('content_block_delta', { index: i, delta: { type: 'input_json_delta', partial_json: `{"hash":"${opts.retrieve}"}` } }), a('content_block_stop', { index: i++ }));
  if (opts.tool) events.push(a('content_block_start', { index: i, content_block: { type: 'tool_use', id: 'toolu_c', name: opts.tool, input: {} } }), a('content_block_delta', { index: i, delta: { type: 'input_json_delta', partial_json: '{"command":"ls"}' } }), a('content_block_stop', { index: i++ }));
  events.push(a('message_delta', { delta: { stop_reason: opts.retrieve || opts.tool ? 'tool_use' : 'end_turn' }, usage: { output_tokens: opts.output } }), a('message_stop', {}));
  return events;
}

describe('spliceRetrieval — Anthropic', () => {
  it('streams text, answers the retrieve call, and splices the continuation with consistent indexes', async () => {
    const continued: Record<string, unknown>[] = [];
    const out = await collect(spliceRetrieval({
      dialect: anthropicStreamDialect(),
      body: { model: 'm', stream: true, messages: [{ role: 'user', content: 'q' }] },
      firstRound: from(anthropicRound({ id: 'msg_1', text: 'Let me look.', retrieve: REF, input: 100, output: 10 })),
      callUpstream: async (body) => { continued.push(body); return from(anthropicRound({ id: 'msg_2', text: 'Found it.', input: 150, output: 20 })); },
      answer: async (call) => `original for ${call.hash}`,
    }));
    const data = datas(out);
    expect(data.map((d) => d.type)).toEqual(['message_start', 'content_block_start', 'content_block_delta', 'content_block_stop', 'content_block_start', 'content_block_delta', 'content_block_stop', 'message_delta', 'message_stop']);
    expect(data.filter((d) => 'index' in d).map((d) => d.index)).toEqual([0, 0, 0, 1, 1, 1]);
    expect(JSON.stringify(data)).not.toContain('headroom_retrieve');
    expect(data.at(-2)).toMatchObject({ delta: { stop_reason: 'end_turn' }, usage: { input_tokens: 250, output_tokens: 30 } });
    const messages = continued[0]!.messages as { role: string; content: unknown }[];
    expect(messages.at(-2)).toEqual({ role: 'assistant', content: [{ type: 'text', text: 'Let me look.' }, { type: 'tool_use', id: 'toolu_r', name: 'headroom_retrieve', input: { hash: REF } }] });
    expect(messages.at(-1)).toEqual({ role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_r', content: `original for ${REF}` }] });
  });

  it('ends a mixed turn with the client tool only, indexes closed up', async () => {
    let called = false;
    const out = await collect(spliceRetrieval({
      dialect: anthropicStreamDialect(),
      body: { messages: [] },
      firstRound: from(anthropicRound({ id: 'msg_1', text: 'Both.', retrieve: REF, tool: 'Bash', input: 10, output: 5 })),
      callUpstream: async () => { called = true; return from([]); },
      answer: async () => 'x',
    }));
    const data = datas(out);
    expect(called).toBe(false);
    expect(data.filter((d) => d.type === 'content_block_start').map((d) => [d.index, d.content_block.name ?? d.content_block.type])).toEqual([[0, 'text'], [1, 'Bash']]);
    expect(data.at(-2)).toMatchObject({ delta: { stop_reason: 'tool_use' } });
  });

  it('forbids tools on the round after the last allowed one', async () => {
    const bodies: Record<string, unknown>[] = [];
    await collect(spliceRetrieval({
      dialect: anthropicStreamDialect(),
      body: { messages: [] },
      maxRounds: 2,
      firstRound: from(anthropicRound({ id: 'm1', retrieve: REF, input: 1, output: 1 })),
      callUpstream: async (body) => { bodies.push(body); return from(anthropicRound({ id: 'mx', retrieve: REF, input: 1, output: 1 })); },
      answer: async () => 'x',
    }));
    expect(bodies.map((b) => b.tool_choice)).toEqual([undefined, { type: 'none' }]);
  });

  it('reports a continuation that fails as a provider-shaped error event', async () => {
    const out = await collect(spliceRetrieval({
      dialect: anthropicStreamDialect(),
      body: { messages: [] },
      firstRound: from(anthropicRound({ id: 'm1', retrieve: REF, input: 1, output: 1 })),
      callUpstream: async () => { throw new Error('upstream returned 529'); },
      answer: async () => 'x',
    }));
    expect(out.at(-1)).toMatchObject({ event: 'error' });
    expect(JSON.parse(out.at(-1)!.data).error.message).toMatch(/529/);
  });
});

const chunk = (id: string, delta: Record<string, unknown>, finish: string | null = null): SseEvent => ({ data: JSON.stringify({ id, object: 'chat.completion.chunk', created: id === 'c1' ? 1 : 2, model: 'gpt', choices: [{ index: 0, delta, finish_reason: finish }] }) });
const usageChunk = (id: string, prompt: number, completion: number): SseEvent => ({ data: JSON.stringify({ id, object: 'chat.completion.chunk', created: 1, model: 'gpt', choices: [], usage: { prompt_tokens: prompt, completion_tokens: completion, prompt_tokens_details: { cached_tokens: 1 } } }) });

describe('spliceRetrieval — OpenAI Chat', () => {
  it('hides the retrieve call, keeps one id, sums usage, and ends with one finish and [DONE]', async () => {
    const first = [
      chunk('c1', { role: 'assistant', content: 'Checking. ' }),
      chunk('c1', { tool_calls: [{ index: 0, id: 'call_r', type: 'function', function: { name: 'headroom_retrieve', arguments: '' } }] }),
      chunk('c1', { tool_calls: [{ index: 0, function: { arguments: `{"hash":"${REF}"}` } }] }),
      chunk('c1', {}, 'tool_calls'), usageChunk('c1', 100, 10), { data: '[DONE]' },
    ];
    const second = [chunk('c2', { role: 'assistant', content: 'Done.' }), chunk('c2', {}, 'stop'), usageChunk('c2', 150, 5), { data: '[DONE]' }];
    const bodies: Record<string, unknown>[] = [];
    const out = await collect(spliceRetrieval({
      dialect: openAIChatStreamDialect(), body: { messages: [] }, firstRound: from(first),
      callUpstream: async (b) => { bodies.push(b); return from(second); }, answer: async () => 'ORIGINAL',
    }));
    const data = datas(out);
    expect(data.at(-1)).toBe('[DONE]');
    const chunks = data.slice(0, -1) as { id: string; choices: { delta: { content?: string }; finish_reason: string | null }[]; usage?: unknown }[];
    expect(new Set(chunks.map((c) => c.id))).toEqual(new Set(['c1']));
    expect(chunks.flatMap((c) => c.choices.map((ch) => ch.delta.content ?? '')).join('')).toBe('Checking. Done.');
    expect(chunks.flatMap((c) => c.choices.map((ch) => ch.finish_reason)).filter(Boolean)).toEqual(['stop']);
    expect(chunks.at(-1)!.usage).toEqual({ prompt_tokens: 250, completion_tokens: 15, prompt_tokens_details: { cached_tokens: 2 } });
    expect(JSON.stringify(data)).not.toContain('headroom_retrieve');
    expect((bodies[0]!.messages as unknown[]).slice(-2)).toEqual([
      { role: 'assistant', content: 'Checking. ', tool_calls: [{ id: 'call_r', type: 'function', function: { name: 'headroom_retrieve', arguments: `{"hash":"${REF}"}` } }] },
      { role: 'tool', tool_call_id: 'call_r', content: 'ORIGINAL' },
    ]);
  });

  it('renumbers a client tool call that follows a hidden one in a mixed turn', async () => {
    const first = [
      chunk('c1', { tool_calls: [{ index: 0, id: 'call_r', type: 'function', function: { name: 'headroom_retrieve', arguments: `{"hash":"${REF}"}` } }] }),
      chunk('c1', { tool_calls: [{ index: 1, id: 'call_c', type: 'function', function: { name: 'shell', arguments: '{}' } }] }),
      chunk('c1', {}, 'tool_calls'), { data: '[DONE]' },
    ];
    const out = await collect(spliceRetrieval({ dialect: openAIChatStreamDialect(), body: { messages: [] }, firstRound: from(first), callUpstream: async () => from([]), answer: async () => 'x' }));
    const calls = datas(out).slice(0, -1).flatMap((c: { choices: { delta: { tool_calls?: unknown[] } }[] }) => c.choices.flatMap((ch) => ch.delta.tool_calls ?? []));
    expect(calls).toEqual([{ index: 0, id: 'call_c', type: 'function', function: { name: 'shell', arguments: '{}' } }]);
    expect(JSON.stringify(datas(out))).toContain('"finish_reason":"tool_calls"');
  });
});

const r = (type: string, rest: Record<string, unknown> = {}): SseEvent => ({ event: type, data: JSON.stringify({ type, sequence_number: 99, ...rest }) });

describe('spliceRetrieval — OpenAI Responses', () => {
  it('renumbers sequence and output indexes into one response with summed usage', async () => {
    const retrieveItem = { type: 'function_call', id: 'fc_r', call_id: 'call_r', name: 'headroom_retrieve', arguments: `{"hash":"${REF}"}` };
    const textItem = (id: string, text: string) => ({ type: 'message', id, role: 'assistant', content: [{ type: 'output_text', text }] });
    const first = [
      r('response.created', { response: { id: 'resp_1', output: [] } }),
      r('response.output_item.added', { output_index: 0, item: { ...textItem('m1', ''), content: [] } }),
      r('response.output_text.delta', { output_index: 0, item_id: 'm1', content_index: 0, delta: 'Looking. ' }),
      r('response.output_item.done', { output_index: 0, item: textItem('m1', 'Looking. ') }),
      r('response.output_item.added', { output_index: 1, item: { ...retrieveItem, arguments: '' } }),
      r('response.function_call_arguments.delta', { output_index: 1, item_id: 'fc_r', delta: retrieveItem.arguments }),
      r('response.output_item.done', { output_index: 1, item: retrieveItem }),
      r('response.completed', { response: { id: 'resp_1', output: [textItem('m1', 'Looking. '), retrieveItem], usage: { input_tokens: 100, output_tokens: 10, input_tokens_details: { cached_tokens: 0 } } } }),
    ];
    const second = [
      r('response.created', { response: { id: 'resp_2', output: [] } }),
      r('response.output_item.added', { output_index: 0, item: { ...textItem('m2', ''), content: [] } }),
      r('response.output_text.delta', { output_index: 0, item_id: 'm2', content_index: 0, delta: 'Found.' }),
      r('response.output_item.done', { output_index: 0, item: textItem('m2', 'Found.') }),
      r('response.completed', { response: { id: 'resp_2', output: [textItem('m2', 'Found.')], usage: { input_tokens: 120, output_tokens: 4, input_tokens_details: { cached_tokens: 90 } } } }),
    ];
    const bodies: Record<string, unknown>[] = [];
    const out = await collect(spliceRetrieval({
      dialect: openAIResponsesStreamDialect(), body: { input: 'q', stream: true }, firstRound: from(first),
      callUpstream: async (b) => { bodies.push(b); return from(second); }, answer: async () => 'ORIGINAL',
    }));
    const data = datas(out);
    expect(data.map((d) => d.sequence_number)).toEqual(data.map((_, i) => i));
    expect(data.filter((d) => d.type === 'response.created')).toHaveLength(1);
    expect(data.filter((d) => 'output_index' in d).map((d) => d.output_index)).toEqual([0, 0, 0, 1, 1, 1]);
    expect(data.at(-1)).toMatchObject({ type: 'response.completed', response: { id: 'resp_1', usage: { input_tokens: 220, output_tokens: 14, input_tokens_details: { cached_tokens: 90 } } } });
    expect(data.at(-1).response.output.map((i: { id: string }) => i.id)).toEqual(['m1', 'm2']);
    expect(JSON.stringify(data)).not.toContain('headroom_retrieve');
    expect((bodies[0]!.input as unknown[]).slice(-3)).toEqual([textItem('m1', 'Looking. '), retrieveItem, { type: 'function_call_output', call_id: 'call_r', output: 'ORIGINAL' }]);
    expect((bodies[0]!.input as unknown[])[0]).toEqual({ type: 'message', role: 'user', content: 'q' });
  });
});

describe('spliceRetrieval — an event a dialect cannot rewrite', () => {
  it('is relayed as it came and the stream still ends with one stop', async () => {
    // Deeper than JSON.stringify can write back: re-indexing this block (round 2 starts at client index 1) throws.
    const deep = `${'['.repeat(20_000)}${']'.repeat(20_000)}`;
    const hostile: SseEvent = { event: 'content_block_start', data: `{"type":"content_block_start","index":0,"content_block":{"type":"text","text":"","extra":${deep}}}` };
    const second = anthropicRound({ id: 'msg_2', text: 'Found it.', input: 1, output: 1 });
    const out = await collect(spliceRetrieval({
      dialect: anthropicStreamDialect(),
      body: { model: 'm', stream: true, messages: [] },
      firstRound: from(anthropicRound({ id: 'msg_1', text: 'Let me look.', retrieve: REF, input: 1, output: 1 })),
      callUpstream: async () => from([second[0]!, hostile, ...second.slice(2)]),
      answer: async () => 'original',
    }));
    expect(out).toContainEqual(hostile);
    expect(out.at(-1)).toEqual({ event: 'message_stop', data: '{"type":"message_stop"}' });
  });
});
