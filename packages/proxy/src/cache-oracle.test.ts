import { type Compressor, compressed, type RequestFormat, retrieveToolFor } from '@headroom/core';
import { afterEach, describe, expect, it } from 'vitest';
import { bigJson, explodes, foldLines, type Harness, minifyJson, send, startHarness } from './internal/test-kit.js';

/**
 * Cache-safety oracle: a 30-turn tool-using conversation, resent in full on every turn (as agents
 * do). Whatever the proxy sent upstream for turn N-1 must reappear byte-identical as the prefix of
 * turn N, or the provider's prompt cache breaks.
 */

const TURNS = 30;

/** Never answers the first time it sees a text (the pipeline gives up at its limit), instant afterwards. */
function flakyCompressor(): Compressor {
  const seen = new Set<string>();
  return {
    specificationVersion: 'v1',
    name: 'flaky',
    contentTypes: ['logs'],
    detect: (input) => (input.includes('FLAKY') ? 1 : 0),
    async compress(input) {
      if (!seen.has(input)) {
        seen.add(input);
        await new Promise(() => {});
      }
      return compressed(input.replace(/ +/g, ' '));
    },
  };
}

function toolOutput(turn: number): string {
  if (turn === 7) return `EXPLODE ${bigJson(turn, 10)}`;
  if (turn === 12) return `FLAKY    ${'padded     out     line\n'.repeat(80)}`;
  if (turn % 2 === 0) return bigJson(turn, 30);
  return `${'INFO request served in 3ms\n'.repeat(60)}ERROR turn ${turn} failed: disk full\n${'INFO retry\n'.repeat(20)}`;
}

interface Conversation {
  readonly format: RequestFormat;
  readonly path: string;
  readonly headers: Record<string, string>;
  body(turn: number): unknown;
  history(body: Record<string, unknown>): unknown[];
  output(item: unknown): string | undefined;
}

const system = `You are a careful agent.\n${bigJson(500, 20)}`;
const toolSchema = { type: 'object', properties: { query: { type: 'string', description: bigJson(501, 5) } } };

const anthropic: Conversation = {
  format: 'anthropic-messages',
  path: '/v1/messages',
  headers: { 'x-api-key': 'k', 'anthropic-version': '2023-06-01' },
  body(turns) {
    const messages: unknown[] = [{ role: 'user', content: 'Investigate the outage.' }];
    for (let t = 0; t < turns; t++) {
      messages.push({ role: 'assistant', content: [{ type: 'text', text: `Step ${t}` }, { type: 'tool_use', id: `toolu_${t}`, name: 'run', input: { query: `q${t}` } }] });
      messages.push({ role: 'user', content: [{ type: 'tool_result', tool_use_id: `toolu_${t}`, content: toolOutput(t) }] });
    }
    return { model: 'claude-sonnet-4-5', max_tokens: 512, stream: true, system, tools: [{ name: 'run', description: 'Run', input_schema: toolSchema }], messages };
  },
  history: (body) => body.messages as unknown[],
  output: (item) => (item as { content?: { type?: string; content?: string }[] }).content?.[0]?.content,
};

const openaiChat: Conversation = {
  format: 'openai-chat',
  path: '/v1/chat/completions',
  headers: { authorization: 'Bearer sk' },
  body(turns) {
    const messages: unknown[] = [
      { role: 'system', content: system },
      { role: 'user', content: 'Investigate the outage.' },
    ];
    for (let t = 0; t < turns; t++) {
      messages.push({ role: 'assistant', content: null, tool_calls: [{ id: `call_${t}`, type: 'function', function: { name: 'run', arguments: JSON.stringify({ query: `q${t}` }) } }] });
      messages.push({ role: 'tool', tool_call_id: `call_${t}`, content: toolOutput(t) });
    }
    return { model: 'gpt-4o', stream: true, tools: [{ type: 'function', function: { name: 'run', parameters: toolSchema } }], messages };
  },
  history: (body) => body.messages as unknown[],
  output: (item) => {
    const message = item as { role?: string; content?: string };
    return message.role === 'tool' ? message.content : undefined;
  },
};

const openaiResponses: Conversation = {
  format: 'openai-responses',
  path: '/v1/responses',
  headers: { authorization: 'Bearer sk' },
  body(turns) {
    const input: unknown[] = [{ role: 'user', content: 'Investigate the outage.' }];
    for (let t = 0; t < turns; t++) {
      input.push({ type: 'function_call', call_id: `call_${t}`, name: 'run', arguments: JSON.stringify({ query: `q${t}` }) });
      input.push({ type: 'function_call_output', call_id: `call_${t}`, output: toolOutput(t) });
    }
    return { model: 'gpt-4o', stream: true, instructions: system, tools: [{ type: 'function', name: 'run', parameters: toolSchema }], input };
  },
  history: (body) => body.input as unknown[],
  output: (item) => {
    const typed = item as { type?: string; output?: string };
    return typed.type === 'function_call_output' ? typed.output : undefined;
  },
};

let harness: Harness;
afterEach(async () => {
  await harness?.close();
});

describe.each([
  ['Anthropic Messages', anthropic],
  ['OpenAI Chat Completions', openaiChat],
  ['OpenAI Responses', openaiResponses],
])('cache-safety oracle: %s', (_name, conversation) => {
  it(`keeps every upstream prefix byte-identical over ${TURNS} turns`, async () => {
    harness = await startHarness({ compressors: [explodes, flakyCompressor(), minifyJson, foldLines], policy: { timeoutMs: 400 } });
    let previous: string[] = [];
    let previousHead: string | undefined;
    let smaller = 0;
    for (let turn = 1; turn <= TURNS; turn++) {
      const body = conversation.body(turn) as Record<string, unknown>;
      const answer = await send(`${harness.proxy.url}${conversation.path}`, { headers: conversation.headers, body: JSON.stringify(body) });
      expect(answer.status).toBe(200);
      const sent = harness.upstream.requests.at(-1)!.json() as Record<string, unknown>;
      const history = conversation.history(sent).map((m) => JSON.stringify(m));
      expect(history).toHaveLength(conversation.history(body).length);
      for (let i = 0; i < previous.length; i++) {
        if (history[i] !== previous[i]) throw new Error(`turn ${turn}: message ${i} differs from what was sent on turn ${turn - 1}`);
      }
      // Everything outside the history is forwarded as the client sent it, plus the retrieve tool
      // after the client's tools from the first turn on (before any marker): the same on every turn.
      const head = { ...sent, messages: undefined, input: undefined };
      expect(head).toEqual({ ...body, tools: [...(body.tools as unknown[]), retrieveToolFor(conversation.format)], messages: undefined, input: undefined });
      if (previousHead !== undefined && JSON.stringify(head) !== previousHead) throw new Error(`turn ${turn}: the request outside the history differs from turn ${turn - 1}`);
      previousHead = JSON.stringify(head);
      const newest = conversation.output(conversation.history(sent).at(-1));
      const original = conversation.output(conversation.history(body).at(-1));
      if (newest !== undefined && original !== undefined && newest.length < original.length) smaller++;
      previous = history;
    }
    // Compression really fired: all but the exploding and the flaky (first-seen-too-slow) outputs shrank.
    expect(smaller).toBe(TURNS - 2);
    expect(previous.join('')).toContain('EXPLODE');
    expect(previous.join('')).toContain('FLAKY    padded     out');
  });
});
