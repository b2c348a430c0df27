import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { chatCompressor } from '@headroom/compressor-chat';
import { createMemoryStore, parseMarkers, refOf } from '@headroom/core';
import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { foldLines, minifyJson } from './internal/test-kit.js';
import { type RunningProxy, startProxy } from './start-proxy.js';
import { type CachingUpstream, startCachingUpstream } from './testing/caching-upstream.js';

/**
 * The OpenAI SDK as an agent loop through the proxy with the chat step, on Chat Completions and on
 * Responses: the scripted model asks for a command each turn, the loop runs it for real and sends
 * the whole history back (as SDK agents do), the session idles past the cache TTL once (simulated
 * clock). The upstream must see a stable prefix between compaction points and elided stale results
 * after one; the loop must finish with the model's answer.
 */

const TURNS = 30;
const IDLE_AFTER = 18;
const PY = execFileSync('python3', ['-c', 'import os, textwrap; print(os.path.dirname(textwrap.__file__))'], { encoding: 'utf8' }).trim();
const FILES = ['textwrap', 'shlex', 'fnmatch', 'heapq', 'colorsys', 'bisect'].map((m) => `${PY}/${m}.py`);
const ANSWER = 'All reviewed.';

const commandFor = (t: number) => (t % 4 === 3 ? ['ls', '-la', `${PY}/json`] : ['cat', FILES[t % FILES.length]!]);
const runCommand = (argv: readonly string[]) => (argv[0] === 'cat' ? readFileSync(argv[1]!, 'utf8') : execFileSync(argv[0]!, argv.slice(1), { encoding: 'utf8' }));

let upstream: CachingUpstream | undefined;
let proxy: RunningProxy | undefined;
afterEach(async () => {
  await proxy?.close();
  await upstream?.close();
});

async function setUp(countResults: (body: Record<string, unknown>) => number) {
  let clock = Date.UTC(2026, 11, 1, 9, 0, 0);
  let answered = 0;
  upstream = await startCachingUpstream({
    now: () => clock,
    reply: (request) => {
      answered++;
      clock += answered === IDLE_AFTER ? 15 * 60_000 : 20_000;
      const done = countResults(request.json());
      if (done >= TURNS) return { text: ANSWER };
      return { text: '', toolCall: { id: `call_${done}`, name: 'run', input: { argv: commandFor(done) } } };
    },
  });
  const store = createMemoryStore();
  proxy = await startProxy({
    port: 0,
    openaiUpstream: upstream.url,
    compressors: [minifyJson, foldLines],
    outboundProxy: false,
    store,
    // Compaction only where the cache is cold: warm compaction points are covered by compressor-chat's tests and the bench.
    conversation: chatCompressor({ now: () => clock, compactAtTokens: 1_000_000 }),
  });
  return { client: new OpenAI({ baseURL: `${proxy.url}/v1`, apiKey: 'sk-test', maxRetries: 0 }), store };
}

/** Turn k's history as the upstream saw it, item by item. */
const upstreamHistory = (field: 'messages' | 'input') => upstream!.requests.map((r) => (r.json()[field] as unknown[]).map((m) => JSON.stringify(m)));

async function checkPrefixes(history: string[][], store: ReturnType<typeof createMemoryStore>) {
  const changedAt: number[] = [];
  for (let k = 1; k < history.length; k++) {
    const changed = history[k - 1]!.map((item, i) => (history[k]![i] === item ? -1 : i)).filter((i) => i >= 0);
    if (changed.length === 0) continue;
    changedAt.push(k);
    for (const i of changed) expect(history[k]![i]).toContain('an older result, elided');
  }
  // The request after the idle gap is the one compaction point.
  expect(changedAt).toEqual([IDLE_AFTER]);
  expect(history.slice(0, changedAt[0]).flat().join('')).not.toContain('an older result, elided');
  const markers = parseMarkers(history.at(-1)!.join('\n'));
  expect(markers.length).toBeGreaterThan(0);
  for (const marker of markers) {
    const stored = await store.originals.lookup(marker.ref);
    expect(stored && refOf(stored.original)).toBe(marker.ref);
  }
}

describe('OpenAI SDK agent loop through the proxy with the chat step', () => {
  it('Chat Completions: finishes, and the upstream sees stable prefixes between compaction points', async () => {
    const { client, store } = await setUp((body) => (body.messages as { role: string }[]).filter((m) => m.role === 'tool').length);
    const messages: OpenAI.Chat.Completions.ChatCompletionMessageParam[] = [
      { role: 'system', content: 'You are a careful agent.' },
      { role: 'user', content: 'Review the text utilities.' },
    ];
    const tools: OpenAI.Chat.Completions.ChatCompletionTool[] = [{ type: 'function', function: { name: 'run', parameters: { type: 'object', properties: { argv: { type: 'array' } } } } }];
    let final = '';
    for (let turn = 0; turn <= TURNS; turn++) {
      const completion = await client.chat.completions.create({ model: 'gpt-4o', messages, tools });
      const message = completion.choices[0]!.message;
      messages.push(message);
      const call = message.tool_calls?.[0];
      if (call?.type !== 'function') {
        final = message.content ?? '';
        break;
      }
      messages.push({ role: 'tool', tool_call_id: call.id, content: runCommand((JSON.parse(call.function.arguments) as { argv: string[] }).argv) });
    }
    expect(final).toBe(ANSWER);
    expect(upstream!.requests).toHaveLength(TURNS + 1);
    await checkPrefixes(upstreamHistory('messages'), store);
  });

  it('Responses: finishes, and the upstream sees stable prefixes between compaction points', async () => {
    const { client, store } = await setUp((body) => (body.input as { type?: string }[]).filter((m) => m.type === 'function_call_output').length);
    const input: OpenAI.Responses.ResponseInput = [{ role: 'user', content: 'Review the text utilities.' }];
    const tools: OpenAI.Responses.Tool[] = [{ type: 'function', name: 'run', strict: false, parameters: { type: 'object', properties: { argv: { type: 'array' } } } }];
    let final = '';
    for (let turn = 0; turn <= TURNS; turn++) {
      const response = await client.responses.create({ model: 'gpt-4o', instructions: 'You are a careful agent.', input, tools });
      const call = response.output.find((item) => item.type === 'function_call');
      if (call?.type !== 'function_call') {
        final = response.output_text;
        break;
      }
      input.push(call);
      input.push({ type: 'function_call_output', call_id: call.call_id, output: runCommand((JSON.parse(call.arguments) as { argv: string[] }).argv) });
    }
    expect(final).toBe(ANSWER);
    expect(upstream!.requests).toHaveLength(TURNS + 1);
    await checkPrefixes(upstreamHistory('input'), store);
  });
});
