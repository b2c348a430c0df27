import Anthropic from '@anthropic-ai/sdk';
import { parseMarkers, RETRIEVE_TOOL_NAME, type RetrievalEvent } from '@headroom/core';
import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, keepFirstLine, startHarness } from './internal/test-kit.js';
import {
  anthropicMessage,
  anthropicStream,
  openaiChatCompletion,
  openaiChatStream,
  openaiResponse,
  openaiResponsesStream,
  type RecordedRequest,
  type ReplyOptions,
  type ScriptedEvent,
} from './testing/index.js';

const LOG = `LOG api server\n${Array.from({ length: 60 }, (_, i) => (i === 41 ? 'ERROR disk full on /var (errno 28)' : `INFO request ${i} served`)).join('\n')}`;
const OMITTED = LOG.slice(LOG.indexOf('\n') + 1);

type Shape = 'anthropic' | 'chat' | 'responses';

/** A conversation whose last turn is a Bash result carrying LOG, in each API's own shape. */
function body(shape: Shape, stream: boolean): Record<string, unknown> {
  const common = { model: shape === 'anthropic' ? 'claude-sonnet-4-5' : 'gpt-4o', stream };
  if (shape === 'anthropic') {
    return {
      ...common,
      max_tokens: 100,
      tools: [{ name: 'Bash', description: 'run', input_schema: { type: 'object', properties: {} } }],
      messages: [
        { role: 'user', content: 'Why did the deploy fail?' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'Bash', input: { command: 'cat api.log' } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: LOG }] },
      ],
    };
  }
  if (shape === 'chat') {
    return {
      ...common,
      ...(stream ? { stream_options: { include_usage: true } } : {}),
      tools: [{ type: 'function', function: { name: 'Bash', parameters: { type: 'object', properties: {} } } }],
      messages: [
        { role: 'user', content: 'Why did the deploy fail?' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'Bash', arguments: '{"command":"cat api.log"}' } }] },
        { role: 'tool', tool_call_id: 'c1', content: LOG },
      ],
    };
  }
  return {
    ...common,
    tools: [{ type: 'function', name: 'Bash', parameters: { type: 'object', properties: {} } }],
    input: [
      { type: 'message', role: 'user', content: 'Why did the deploy fail?' },
      { type: 'function_call', call_id: 'c1', name: 'Bash', arguments: '{"command":"cat api.log"}' },
      { type: 'function_call_output', call_id: 'c1', output: LOG },
    ],
  };
}

const reply = (shape: Shape, stream: boolean, options: ReplyOptions) => {
  if (shape === 'anthropic') return stream ? { sse: anthropicStream(options) } : { json: anthropicMessage(options) };
  if (shape === 'chat') return stream ? { sse: openaiChatStream(options) } : { json: openaiChatCompletion(options) };
  return stream ? { sse: openaiResponsesStream(options) } : { json: openaiResponse(options) };
};

/** What the continuation request carried as the answer to the retrieve call. */
function retrieveAnswer(shape: Shape, request: RecordedRequest): unknown {
  const sent = request.json();
  if (shape === 'anthropic') return sent.messages.at(-1).content[0].content;
  if (shape === 'chat') return sent.messages.at(-1).content;
  return sent.input.at(-1).output;
}

function markerRef(request: RecordedRequest): string {
  const [marker] = parseMarkers(request.text());
  if (!marker) throw new Error('the tool result reached the upstream without a marker');
  return marker.ref;
}

/** Sends the request with the official SDK and returns the final text, the tool calls and the raw result. */
async function viaSdk(shape: Shape, stream: boolean, harness: Harness, onText?: () => void) {
  const request = body(shape, stream) as never;
  if (shape === 'anthropic') {
    const client = new Anthropic({ baseURL: harness.proxy.url, apiKey: 'k', maxRetries: 0 });
    const message = stream
      ? await client.messages.stream(request).on('text', () => onText?.()).finalMessage()
      : await client.messages.create(request);
    const text = message.content.flatMap((b) => (b.type === 'text' ? [b.text] : [])).join('');
    const tools = message.content.flatMap((b) => (b.type === 'tool_use' ? [b.name] : []));
    return { text, tools, raw: message, usage: { input: message.usage.input_tokens, output: message.usage.output_tokens } };
  }
  const client = new OpenAI({ baseURL: `${harness.proxy.url}/v1`, apiKey: 'k', maxRetries: 0 });
  if (shape === 'chat') {
    const completion = stream
      ? await client.chat.completions.stream(request).on('content', () => onText?.()).finalChatCompletion()
      : await client.chat.completions.create(request);
    const message = (completion as OpenAI.ChatCompletion).choices[0]!.message;
    const usage = (completion as OpenAI.ChatCompletion).usage;
    return { text: message.content ?? '', tools: (message.tool_calls ?? []).map((c) => (c as { function: { name: string } }).function.name), raw: completion, usage: { input: usage?.prompt_tokens, output: usage?.completion_tokens } };
  }
  const response = stream
    ? await client.responses.stream(request).on('response.output_text.delta', () => onText?.()).finalResponse()
    : await client.responses.create(request);
  const output = (response as OpenAI.Responses.Response).output;
  const text = output.flatMap((i) => (i.type === 'message' ? i.content.flatMap((c) => (c.type === 'output_text' ? [c.text] : [])) : [])).join('');
  const tools = output.flatMap((i) => (i.type === 'function_call' ? [i.name] : []));
  const usage = (response as OpenAI.Responses.Response).usage;
  return { text, tools, raw: response, usage: { input: usage?.input_tokens, output: usage?.output_tokens } };
}

let harness: Harness;
afterEach(async () => {
  await harness?.close();
});

const cases: [Shape, boolean][] = [
  ['anthropic', true],
  ['anthropic', false],
  ['chat', true],
  ['chat', false],
  ['responses', true],
  ['responses', false],
];

describe.each(cases)('retrieval through the proxy: %s, stream %s', (shape, stream) => {
  it('answers the retrieve call with the original byte-exact; the client never sees it', async () => {
    harness = await startHarness({ compressors: [keepFirstLine] });
    harness.upstream.enqueue(
      (request) => {
        const sent = request.json();
        expect(JSON.stringify(sent.tools)).toContain(RETRIEVE_TOOL_NAME);
        return reply(shape, stream, { text: 'Let me look. ', toolCall: { id: 'r1', name: RETRIEVE_TOOL_NAME, input: { hash: markerRef(request) } } });
      },
      () => reply(shape, stream, { text: 'The disk is full.' }),
    );
    const result = await viaSdk(shape, stream, harness);
    expect(harness.upstream.requests).toHaveLength(2);
    expect(retrieveAnswer(shape, harness.upstream.requests[1]!)).toBe(OMITTED);
    // Streaming splices both rounds into one message; a JSON answer is the continuation's.
    expect(result.text).toBe(stream ? 'Let me look. The disk is full.' : 'The disk is full.');
    expect(result.tools).toEqual([]);
    expect(JSON.stringify(result.raw)).not.toContain(RETRIEVE_TOOL_NAME);
    expect(result.usage).toEqual({ input: 24, output: 14 });
    const rows = (await harness.store.ledger.read({ type: 'retrieval' })) as RetrievalEvent[];
    expect(rows).toMatchObject([{ ref: markerRef(harness.upstream.requests[0]!), found: true, round: 1, toolName: 'Bash', compressor: 'keep-first-line', source: 'proxy' }]);
  });

  it('in a mixed turn, gives the client its own tool call only and does not continue', async () => {
    harness = await startHarness({ compressors: [keepFirstLine] });
    harness.upstream.enqueue((request) =>
      reply(shape, stream, {
        text: 'Two things. ',
        toolCalls: [
          { id: 'r1', name: RETRIEVE_TOOL_NAME, input: { hash: markerRef(request) } },
          { id: 'b2', name: 'Bash', input: { command: 'df -h' } },
        ],
      }),
    );
    const result = await viaSdk(shape, stream, harness);
    expect(harness.upstream.requests).toHaveLength(1);
    expect(result.tools).toEqual(['Bash']);
    expect(JSON.stringify(result.raw)).not.toContain(RETRIEVE_TOOL_NAME);
  });

  it('answers a miss (an expired original) plainly, naming the tool to re-run, and lets the model go on', async () => {
    // Originals live 1 ms here: by the time the model asks, the one behind its marker is gone.
    harness = await startHarness({ compressors: [keepFirstLine], policy: { originalTtlMs: 1 } });
    let ref = '';
    harness.upstream.enqueue(
      async (request) => {
        ref = markerRef(request);
        await new Promise((resolve) => setTimeout(resolve, 5));
        return reply(shape, stream, { toolCall: { id: 'r1', name: RETRIEVE_TOOL_NAME, input: { hash: ref } } });
      },
      () => reply(shape, stream, { text: 'I will re-run it.' }),
    );
    const result = await viaSdk(shape, stream, harness);
    expect(retrieveAnswer(shape, harness.upstream.requests[1]!)).toBe(
      `The original behind ref ${ref} is no longer stored (it expired or was never kept). Re-run the Bash call that produced this content to see it in full.`,
    );
    expect(result.text).toContain('I will re-run it.');
    expect(await harness.store.ledger.read({ type: 'retrieval' })).toMatchObject([{ ref, found: false }]);
  });
});

describe.each(['anthropic', 'chat', 'responses'] as const)('retrieval keeps the stream streaming: %s', (shape) => {
  it("the model's text reaches the client before the continuation has finished", async () => {
    harness = await startHarness({ compressors: [keepFirstLine] });
    let release!: () => void;
    const seenText = new Promise<void>((resolve) => {
      release = resolve;
    });
    harness.upstream.enqueue(
      (request) => reply(shape, true, { text: 'Let me look. ', toolCall: { id: 'r1', name: RETRIEVE_TOOL_NAME, input: { hash: markerRef(request) } } }),
      // The continuation holds every event until the client has shown the first round's text:
      // a proxy that buffered the turn would never release it.
      () => {
        const { sse } = reply(shape, true, { text: 'Found it.' }) as { sse: ScriptedEvent[] };
        return { sse: sse.map((event) => ({ ...event, waitFor: seenText })) };
      },
    );
    const result = await viaSdk(shape, true, harness, release);
    expect(result.text).toBe('Let me look. Found it.');
  });
});

describe('retrieval and modes', () => {
  it('offers no tool and forwards no marker in lossless mode', async () => {
    harness = await startHarness({ compressors: [keepFirstLine], mode: 'lossless' });
    await viaSdk('anthropic', false, harness);
    const sent = harness.upstream.requests[0]!;
    expect(parseMarkers(sent.text())).toEqual([]);
    expect(sent.text()).not.toContain(RETRIEVE_TOOL_NAME);
  });

  it('offers the tool with the same bytes when the same history comes again', async () => {
    harness = await startHarness({ compressors: [keepFirstLine] });
    await viaSdk('chat', false, harness);
    await viaSdk('chat', false, harness);
    const [first, second] = harness.upstream.requests.map((r) => JSON.stringify(r.json().tools));
    expect(first).toContain(RETRIEVE_TOOL_NAME);
    expect(second).toBe(first);
  });
});
