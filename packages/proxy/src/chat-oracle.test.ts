import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { chatCompressor } from '@headroom/compressor-chat';
import { createMemoryStore, parseMarkers, RETRIEVE_TOOL_NAME, refOf } from '@headroom/core';
import { afterEach, describe, expect, it } from 'vitest';
import { foldLines, minifyJson, send } from './internal/test-kit.js';
import { type RunningProxy, startProxy } from './start-proxy.js';
import { type CachingUpstream, startCachingUpstream } from './testing/caching-upstream.js';

/**
 * The cache-safety oracle, extended to compaction points: a 40-turn agent session over real tool
 * outputs (Python's stdlib files read and re-read after edits, commands re-run), with an idle gap
 * past the cache TTL on a simulated clock. Between compaction points, whatever went upstream for
 * turn N-1 must reappear byte-identical as the prefix of turn N — across a proxy restart too — and
 * the simulated provider cache must read that prefix. At a compaction point, the only items that
 * change are stale tool results turned into an elision with a redeemable marker; the one other turn
 * that may change bytes is the one the retrieve tool arrives with (see `ConversationStep.decidesRetrieveTool`).
 */

const TURNS = 40;
const IDLE_AT = 24;
const RESTART_AT = 31;
const PY = process.env.PYTHON_STDLIB ?? '/usr/lib/python3.11';
const FILES = ['textwrap.py', 'shlex.py', 'fnmatch.py', 'glob.py', 'bisect.py', 'colorsys.py', 'keyword.py', 'heapq.py'].map((f) => `${PY}/${f}`);
const DOCS = readdirSync('/usr/share/doc').slice(0, 12);

interface Step {
  readonly tool: string;
  readonly input: Record<string, unknown>;
  readonly output: string;
}

/** Turn t's tool call and its real output: reads, edited re-reads, listings and re-run commands. */
const steps: Step[] = Array.from({ length: TURNS }, (_, t) => {
  const file = FILES[t % FILES.length]!;
  if (t % 5 === 4) {
    // An edited re-read: the agent changed one line of a file it read before.
    const lines = readFileSync(file, 'utf8').split('\n');
    lines[10 + t] = `# edited at turn ${t}`;
    return { tool: 'Read', input: { file_path: file }, output: lines.join('\n') };
  }
  if (t % 3 === 1) {
    const dir = `/usr/share/doc/${DOCS[t % DOCS.length]!}`;
    return { tool: 'Bash', input: { command: `ls -la ${dir}` }, output: execFileSync('ls', ['-la', dir], { encoding: 'utf8' }) };
  }
  return { tool: 'Read', input: { file_path: file }, output: readFileSync(file, 'utf8') };
});

const system = 'You are a careful coding agent. Fix what the user asks, then stop.';

interface Conversation {
  readonly path: string;
  readonly headers: Record<string, string>;
  body(turns: number): Record<string, unknown>;
  history(body: Record<string, unknown>): unknown[];
}

const anthropic: Conversation = {
  path: '/v1/messages',
  headers: { 'x-api-key': 'k', 'anthropic-version': '2023-06-01' },
  body(turns) {
    const messages: Record<string, unknown>[] = [{ role: 'user', content: 'Tidy up the text utilities.' }];
    for (let t = 0; t < turns; t++) {
      const step = steps[t]!;
      messages.push({ role: 'assistant', content: [{ type: 'text', text: `Step ${t}` }, { type: 'tool_use', id: `toolu_${t}`, name: step.tool, input: step.input }] });
      // Like Claude Code: the breakpoint rolls to the newest message every turn.
      const block: Record<string, unknown> = { type: 'tool_result', tool_use_id: `toolu_${t}`, content: step.output };
      if (t === turns - 1) block.cache_control = { type: 'ephemeral' };
      messages.push({ role: 'user', content: [block] });
    }
    return { model: 'claude-sonnet-4-5', max_tokens: 512, system: [{ type: 'text', text: system, cache_control: { type: 'ephemeral' } }], tools: [{ name: 'Read', description: 'Read a file', input_schema: { type: 'object' } }], messages };
  },
  history: (body) => body.messages as unknown[],
};

const openaiChat: Conversation = {
  path: '/v1/chat/completions',
  headers: { authorization: 'Bearer sk' },
  body(turns) {
    const messages: unknown[] = [
      { role: 'system', content: system },
      { role: 'user', content: 'Tidy up the text utilities.' },
    ];
    for (let t = 0; t < turns; t++) {
      const step = steps[t]!;
      messages.push({ role: 'assistant', content: null, tool_calls: [{ id: `call_${t}`, type: 'function', function: { name: step.tool, arguments: JSON.stringify(step.input) } }] });
      messages.push({ role: 'tool', tool_call_id: `call_${t}`, content: step.output });
    }
    return { model: 'gpt-4o', tools: [{ type: 'function', function: { name: 'Read', parameters: { type: 'object' } } }], messages };
  },
  history: (body) => body.messages as unknown[],
};

const openaiResponses: Conversation = {
  path: '/v1/responses',
  headers: { authorization: 'Bearer sk' },
  body(turns) {
    const input: unknown[] = [{ role: 'user', content: 'Tidy up the text utilities.' }];
    for (let t = 0; t < turns; t++) {
      const step = steps[t]!;
      input.push({ type: 'function_call', call_id: `call_${t}`, name: step.tool, arguments: JSON.stringify(step.input) });
      input.push({ type: 'function_call_output', call_id: `call_${t}`, output: step.output });
    }
    return { model: 'gpt-4o', instructions: system, tools: [{ type: 'function', name: 'Read', parameters: { type: 'object' } }], input };
  },
  history: (body) => body.input as unknown[],
};

const withoutCacheControl = (key: string, value: unknown) => (key === 'cache_control' ? undefined : value);

let upstream: CachingUpstream | undefined;
let proxy: RunningProxy | undefined;
afterEach(async () => {
  await proxy?.close();
  await upstream?.close();
  proxy = undefined;
  upstream = undefined;
});

const FORMATS = [
  ['Anthropic Messages', anthropic],
  ['OpenAI Chat Completions', openaiChat],
  ['OpenAI Responses', openaiResponses],
] as const;

describe.each(FORMATS.flatMap(([name, conversation]) => (['first-request', 'when-it-pays'] as const).map((retrieveTool) => [name, retrieveTool, conversation] as const)))('cache-safety oracle with compaction points: %s, retrieve tool %s', (_name, retrieveTool, conversation) => {
  it(`keeps prefixes byte-identical between compaction points over ${TURNS} turns, across a restart`, async () => {
    let clock = 1_700_000_000_000;
    const now = () => clock;
    let retrieveRef: string | undefined;
    upstream = await startCachingUpstream({
      now,
      reply: () => {
        const hash = retrieveRef;
        retrieveRef = undefined;
        return hash ? { toolCall: { id: 'r1', name: RETRIEVE_TOOL_NAME, input: { hash } }, text: 'Let me look.' } : { text: 'Done.' };
      },
    });
    const store = createMemoryStore();
    const start = () =>
      startProxy({ port: 0, anthropicUpstream: upstream!.url, openaiUpstream: upstream!.url, compressors: [minifyJson, foldLines], outboundProxy: false, store, conversation: chatCompressor({ now, compactAtTokens: 1_000_000, retrieveTool }) });
    proxy = await start();

    let previous: string[] = [];
    let previousHead = '';
    let toolArrival: number | undefined;
    const compactionTurns: number[] = [];
    let resentRead = 0;
    let resentTotal = 0;
    for (let turn = 1; turn <= TURNS; turn++) {
      // Idle past every TTL in play (Anthropic 5 min, OpenAI 5-10 min).
      if (turn === IDLE_AT) clock += 15 * 60_000;
      else clock += 20_000;
      if (turn === RESTART_AT) {
        await proxy.close();
        proxy = await start();
      }
      const body = conversation.body(turn);
      const answer = await send(`${proxy.url}${conversation.path}`, { headers: conversation.headers, body: JSON.stringify(body) });
      expect(answer.status).toBe(200);
      const sent = upstream.requests.at(-1)!.json() as Record<string, unknown>;
      // The client moves its own breakpoint every turn; `cache_control` is not part of the cached bytes.
      const history = conversation.history(sent).map((m) => JSON.stringify(m, withoutCacheControl));
      // All else before the history (the tool list) is the same on every turn. The retrieve tool is
      // there from the first request (the bodies declare tools), or, when the step decides when it
      // pays, arrives with the conversation's first marker, on the one turn whose cache rewrite it
      // found worth it (or at a compaction point, where the cache is rewritten anyway).
      const head = JSON.stringify({ ...sent, messages: undefined, input: undefined }, withoutCacheControl);
      if (turn > 1 && head !== previousHead) {
        expect(toolArrival, `turn ${turn}: the head changed a second time`).toBeUndefined();
        expect(previousHead).not.toContain(`"${RETRIEVE_TOOL_NAME}"`);
        expect(head).toContain(`"${RETRIEVE_TOOL_NAME}"`);
        toolArrival = turn;
      }
      const hasTool = head.includes(`"${RETRIEVE_TOOL_NAME}"`);
      if (turn === 1 && hasTool) toolArrival = 1;
      expect(hasTool).toBe(retrieveTool === 'first-request' || history.some((item) => parseMarkers(item).length > 0));
      previousHead = head;
      expect(history).toHaveLength(conversation.history(body).length);
      const changed = previous.map((item, i) => (history[i] === item ? -1 : i)).filter((i) => i >= 0);
      if (changed.some((i) => history[i]!.includes('an older result, elided'))) compactionTurns.push(turn);
      for (const i of changed) {
        // A compaction point turns stale tool results into elisions; the tool's arrival also lets
        // results held back raw go as per-slot compression made them. Every marker redeems.
        expect(previous[i]).not.toContain('an older result, elided');
        if (!history[i]!.includes('an older result, elided')) expect(turn, `turn ${turn}: item ${i} changed`).toBe(toolArrival);
        const original = JSON.stringify(conversation.history(body)[i]);
        const markers = parseMarkers(history[i]!);
        expect(markers.length).toBeGreaterThan(0);
        for (const marker of markers) {
          const stored = await store.originals.lookup(marker.ref);
          expect(stored, `turn ${turn}: ${marker.ref} must be redeemable`).toBeDefined();
          expect(refOf(stored!.original)).toBe(marker.ref);
          expect(original).toContain(JSON.stringify(stored!.original).slice(1, 200));
        }
      }
      if (changed.length === 0 && turn > 1 && turn !== IDLE_AT && turn !== toolArrival) {
        const billed = upstream.billed.at(-1)!.usage;
        resentRead += billed.cacheReadTokens;
        resentTotal += Math.min(upstream.billed.at(-2)!.usage.totalTokens, billed.totalTokens);
      }
      previous = history;
    }
    // The idle gap made the one compaction point (warm-cache compaction is off here: its cost
    // model is tested in compressor-chat and measured in the bench); no other turn changed a byte
    // but the one the retrieve tool arrived with, no later than that point.
    expect(compactionTurns).toEqual([IDLE_AT]);
    expect(toolArrival).toBeLessThanOrEqual(IDLE_AT);
    // The simulated provider read the resent prefix from its cache between compaction points.
    expect(resentRead / resentTotal).toBeGreaterThanOrEqual(0.95);
    // The last three tool results are never elided.
    const last = conversation.history(upstream.requests.at(-1)!.json()).slice(-6).map((m) => JSON.stringify(m));
    expect(last.join('')).not.toContain('an older result, elided');

    // The model asks for an elided original through the proxy's retrieve loop and gets it byte-exact.
    const elided = previous.find((item) => item.includes('an older result, elided'))!;
    retrieveRef = parseMarkers(elided)[0]!.ref;
    const before = upstream.requests.length;
    const answer = await send(`${proxy.url}${conversation.path}`, { headers: conversation.headers, body: JSON.stringify(conversation.body(TURNS)) });
    expect(answer.status).toBe(200);
    expect(upstream.requests.length).toBe(before + 2);
    const continuation = upstream.requests.slice(before).at(-1)!.text();
    const stored = await store.originals.lookup(parseMarkers(elided)[0]!.ref);
    expect(continuation).toContain(JSON.stringify(stored!.original).slice(1, -1).slice(0, 300));
  });
});
