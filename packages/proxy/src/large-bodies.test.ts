import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { chatCompressor } from '@headroom/compressor-chat';
import { createMemoryStore, type HeadroomStore, parseMarkers, RETRIEVE_TOOL_NAME, refOf } from '@headroom/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { requestTenant } from './internal/request-tenant.js';
import { send, evaldataDir } from './internal/test-kit.js';
import { type RunningProxy, startProxy } from './start-proxy.js';
import { anthropicMessage } from './testing/provider-replies.js';
import { type ScriptedUpstream, startScriptedUpstream } from './testing/scripted-upstream.js';

// Real tool output: whole Loghub files (each 150-600 KB, some with non-ASCII bytes), and a GitHub API response.
const logs = ['HDFS', 'Apache', 'OpenSSH', 'Linux'].map((s) => readFileSync(join(evaldataDir(), 'logs', s, `${s}_2k.log`), 'utf8'));
const THRESHOLD = 64 * 1024;
const modules = [
  { module: import.meta.resolve('@headroom/compressor-json'), factory: 'jsonCompressor' },
  { module: import.meta.resolve('@headroom/compressor-logs'), factory: 'logsCompressor' },
];

function conversation(results: readonly string[], question = 'Why did the nodes fail last night?') {
  const messages: unknown[] = [{ role: 'user', content: question }];
  results.forEach((content, i) => {
    messages.push({ role: 'assistant', content: [{ type: 'tool_use', id: `toolu_${i}`, name: 'Bash', input: { command: `cat /var/log/${i}.log` } }] });
    messages.push({ role: 'user', content: [{ type: 'tool_result', tool_use_id: `toolu_${i}`, content }] });
  });
  // Spacing, key order and a number past 2^53 that JSON.parse would round: all must reach the upstream as sent.
  return `{ "model" : "claude-sonnet-4-5", "max_tokens":1024, "metadata": {"user_id": 12345678901234567890},\n "messages": ${JSON.stringify(messages, null, 1)} }`;
}

interface Setup {
  readonly upstream: ScriptedUpstream;
  readonly proxy: RunningProxy;
  readonly store: HeadroomStore;
}

const running: Setup[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const setup of running.splice(0)) {
    await setup.proxy.close();
    await setup.upstream.close();
  }
});

/** A proxy with compressors on worker threads; bodies from `offThreadBodyBytes` on are parsed on body threads. */
async function setup(offThreadBodyBytes: number, extra: { compressionTimeoutMs?: number; handler?: Parameters<typeof startScriptedUpstream>[0]; now?: () => number } = {}): Promise<Setup> {
  // The default reply parses the body: a handler that does not, so this thread's JSON.parse calls are the proxy's own.
  const upstream = await startScriptedUpstream(extra.handler ?? { handler: () => ({ json: anthropicMessage() }) });
  const store = createMemoryStore();
  const proxy = await startProxy({
    port: 0,
    anthropicUpstream: upstream.url,
    store,
    compressors: modules,
    compressionThreads: 1,
    offThreadBodyBytes,
    outboundProxy: false,
    ...(extra.now ? { conversation: chatCompressor({ now: extra.now }) } : {}),
    // Generous deadlines: a loaded machine must not turn a compression into a timeout here (the
    // fail-open test sets its own).
    compressionTimeoutMs: extra.compressionTimeoutMs ?? 120_000,
    policy: { timeoutMs: 120_000 },
  });
  const made = { upstream, proxy, store };
  running.push(made);
  return made;
}

const post = (proxy: RunningProxy, body: string, headers: Record<string, string> = {}) =>
  send(`${proxy.url}/v1/messages`, { headers: { 'x-api-key': 'k', 'content-type': 'application/json', ...headers }, body });

/** Every string inside a posted message (skipping shared memory, which is not copied). */
function* strings(value: unknown, depth = 0): Generator<string> {
  if (typeof value === 'string') yield value;
  else if (depth < 8 && typeof value === 'object' && value !== null && !(value instanceof SharedArrayBuffer) && !ArrayBuffer.isView(value)) {
    for (const inner of value instanceof Map ? value.values() : Object.values(value)) yield* strings(inner, depth + 1);
  }
}

describe('large bodies are parsed off the request thread', () => {
  it('sends the upstream the same bytes and token counts as the request-thread path, first sight and resent', async () => {
    const here = await setup(1024 * 1024 * 1024);
    const off = await setup(THRESHOLD);
    for (const mode of ['lossless', 'lossy'] as const) {
      const first = conversation([logs[0]!, logs[1]!]);
      const resent = conversation([logs[0]!, logs[1]!, logs[2]!]);
      for (const body of [first, resent, resent]) {
        const a = await post(here.proxy, body, { 'x-headroom-mode': mode });
        const b = await post(off.proxy, body, { 'x-headroom-mode': mode });
        expect(b.status).toBe(200);
        expect(b.headers['x-headroom-compression-failed']).toBeUndefined();
        expect(b.headers['x-headroom-tokens-before']).toBe(a.headers['x-headroom-tokens-before']);
        expect(b.headers['x-headroom-tokens-after']).toBe(a.headers['x-headroom-tokens-after']);
        expect(off.upstream.requests.at(-1)!.body.equals(here.upstream.requests.at(-1)!.body)).toBe(true);
      }
      // Compressed, and everything outside the slots as the client wrote it.
      const sent = off.upstream.requests.at(-1)!.text();
      expect(sent.length).toBeLessThan(resent.length);
      expect(sent.startsWith('{ "model" : "claude-sonnet-4-5", "max_tokens":1024, "metadata": {"user_id": 12345678901234567890},\n "messages": [')).toBe(true);
    }
  });

  it('never parses, decodes or copies a large body on the request thread', async () => {
    const off = await setup(THRESHOLD);
    const body = conversation([logs[0]!, logs[3]!]);
    const parse = vi.spyOn(JSON, 'parse');
    const decode = vi.spyOn(Buffer.prototype, 'toString');
    const posted = vi.spyOn(Worker.prototype, 'postMessage');
    const answer = await post(off.proxy, body, { 'x-headroom-mode': 'lossy' });
    expect(answer.status).toBe(200);
    expect(Number(answer.headers['x-headroom-tokens-after'])).toBeLessThan(Number(answer.headers['x-headroom-tokens-before']));
    expect(parse.mock.calls.filter(([text]) => text.length >= THRESHOLD)).toEqual([]);
    expect(decode.mock.contexts.filter((buffer) => (buffer as Buffer).length >= THRESHOLD && (buffer as Buffer).buffer instanceof SharedArrayBuffer)).toEqual([]);
    // The work went elsewhere: the body and its large texts crossed to other threads as shared memory only.
    expect(posted.mock.calls.some(([message]) => Object.values(message as object).some((v) => v instanceof SharedArrayBuffer || (v as { buffer?: unknown })?.buffer instanceof SharedArrayBuffer))).toBe(true);
    const big = posted.mock.calls.flatMap(([message]) => [...strings(message)].filter((s) => s.length >= THRESHOLD).map((s) => s.length));
    expect(big).toEqual([]);
  });

  it('never receives a large text back from a body thread: the parsed body holds stand-ins for them', async () => {
    const off = await setup(THRESHOLD);
    const received = vi.spyOn(Worker.prototype, 'emit');
    const answer = await post(off.proxy, conversation([logs[1]!, logs[2]!]), { 'x-headroom-mode': 'lossy' });
    expect(answer.status).toBe(200);
    expect(Number(answer.headers['x-headroom-tokens-after'])).toBeLessThan(Number(answer.headers['x-headroom-tokens-before']));
    const located = received.mock.calls.filter(([event, message]) => event === 'message' && typeof message === 'object' && message !== null && 'located' in message);
    expect(located.length).toBeGreaterThan(0);
    expect(located.flatMap(([, message]) => [...strings(message)].filter((s) => s.length >= THRESHOLD))).toEqual([]);
    // A compressed stand-in's text comes back once: the logs compressor offloads the full log, and the
    // worker names that offload instead of sending the text a second time.
    const done = received.mock.calls.flatMap(([event, message]) => (event === 'message' && (message as { type?: string })?.type === 'done' ? [message as { text?: string; textAt?: number }] : []));
    expect(done.filter((m) => m.textAt !== undefined)).toHaveLength(2);
    expect(done.filter((m) => m.text !== undefined)).toEqual([]);
    // Each whole original is stored byte-exact under the ref of its content (not of its stand-in).
    for (const log of [logs[1]!, logs[2]!]) expect((await off.store.originals.get(requestTenant({ 'x-api-key': 'k' }), refOf(log)))?.original).toBe(log);
  });

  it('keeps retrieval, tenant scoping and byte-exact originals', async () => {
    let ref = '';
    const upstreamFor = {
      handler: (request: { text(): string }) => {
        if (ref === '') {
          ref = parseMarkers(request.text().replace(/\\"/g, '"'))[0]?.ref ?? 'none';
          return { json: anthropicMessage({ toolCall: { id: 'r1', name: RETRIEVE_TOOL_NAME, input: { hash: ref } } }) };
        }
        return { json: anthropicMessage({ text: 'done' }) };
      },
    };
    const off = await setup(THRESHOLD, { handler: upstreamFor });
    const log = logs[0]!;
    const answer = await post(off.proxy, conversation([log]), { 'x-headroom-mode': 'lossy', 'x-api-key': 'alice' });
    expect(answer.status).toBe(200);
    expect(ref).toMatch(/^[0-9a-f]{24}$/);
    const [first, continuation] = off.upstream.requests;
    expect(first!.json<{ tools: { name: string }[] }>().tools.map((t) => t.name)).toEqual([RETRIEVE_TOOL_NAME]);
    // The original behind the marker is stored byte-exact under alice's tenant, and only there; the
    // continuation hands it to the model.
    const stored = await off.store.originals.get(requestTenant({ 'x-api-key': 'alice' }), ref);
    expect(stored).toBeDefined();
    expect(log.includes(stored!.original)).toBe(true);
    expect(await off.store.originals.get(requestTenant({ 'x-api-key': 'bob' }), ref)).toBeUndefined();
    expect(continuation!.text()).toContain(JSON.stringify(stored!.original).slice(1, -1));
  });

  it('answers 400 for a large body that is not JSON or not an object, as for a small one', async () => {
    const off = await setup(THRESHOLD);
    const notJson = `{"model":"m","messages":[${JSON.stringify(logs[0])}`;
    const bad = await post(off.proxy, notJson);
    expect(bad.status).toBe(400);
    expect(bad.text).toMatch(/not valid JSON/);
    const list = await post(off.proxy, JSON.stringify([logs[0]]));
    expect(list.status).toBe(400);
    expect(list.text).toMatch(/must be a JSON object/);
    expect(off.upstream.requests).toHaveLength(0);
  });

  it('reads several large bodies arriving at once, each byte-exact, while they share the per-turn copy budget', async () => {
    // A 1 ms budget: every body goes upstream exactly as it was read into shared memory.
    const off = await setup(THRESHOLD, { compressionTimeoutMs: 1 });
    const bodies = [0, 1, 2, 3].map((shift) => conversation([...logs.slice(shift), ...logs.slice(0, shift)]));
    const answers = await Promise.all(bodies.map((body) => post(off.proxy, body)));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    expect(off.upstream.requests.map((r) => r.text()).sort()).toEqual([...bodies].sort());
  });

  it('fails open with the bytes as sent when the body cannot be located within the budget', async () => {
    // A 1 ms budget ends long before a body thread has decoded, parsed, checked and hashed 1 MB.
    const off = await setup(THRESHOLD, { compressionTimeoutMs: 1 });
    const body = conversation(logs);
    const answer = await post(off.proxy, body);
    expect(answer.status).toBe(200);
    expect(answer.headers['x-headroom-compression-failed']).toBe('timeout');
    expect(off.upstream.requests[0]!.text()).toBe(body);
    const failures = await off.store.ledger.read({ type: 'failure' });
    expect(failures.some((f) => f.type === 'failure' && f.code === 'timeout' && /locating the slots of a large body/.test(f.message))).toBe(true);
  });

  it('keeps stand-ins with the conversation step, which reads a large text only to rewrite it: the same bytes as the request-thread path', async () => {
    let clock = 1_000_000;
    const now = () => clock;
    const here = await setup(1024 * 1024 * 1024, { now });
    const off = await setup(THRESHOLD, { now });
    // A log read, other logs, the same command re-run (a reference), then an idle gap past the
    // cache TTL: the older results are elided at the compaction point. Every text is a stand-in off-thread.
    const reads = [
      { command: 'cat /var/log/hdfs.log', output: logs[0]! },
      { command: 'cat /var/log/apache.log', output: logs[1]! },
      { command: 'cat /var/log/hdfs.log', output: logs[0]!.replace('INFO', 'WARN') },
      { command: 'cat /var/log/ssh.log', output: logs[2]! },
      { command: 'cat /var/log/linux.log', output: logs[3]! },
      { command: 'cat /var/log/apache.log', output: logs[1]! },
    ];
    const bodyOf = (count: number) => {
      const messages: unknown[] = [{ role: 'user', content: 'Why did the nodes fail last night?' }];
      reads.slice(0, count).forEach((read, i) => {
        messages.push({ role: 'assistant', content: [{ type: 'tool_use', id: `toolu_${i}`, name: 'Bash', input: { command: read.command } }] });
        messages.push({ role: 'user', content: [{ type: 'tool_result', tool_use_id: `toolu_${i}`, content: read.output }] });
      });
      return JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 1024, tools: [{ name: 'Bash', input_schema: { type: 'object' } }], messages });
    };
    const received = vi.spyOn(Worker.prototype, 'emit');
    for (let count = 1; count <= reads.length; count++) {
      for (const sent of count === reads.length ? [0, 20 * 60_000] : [0]) {
        clock += sent;
        const body = bodyOf(count);
        const a = await post(here.proxy, body, { 'x-headroom-mode': 'lossy' });
        const b = await post(off.proxy, body, { 'x-headroom-mode': 'lossy' });
        expect(b.status).toBe(200);
        expect(b.headers['x-headroom-compression-failed']).toBeUndefined();
        expect(b.headers['x-headroom-tokens-after']).toBe(a.headers['x-headroom-tokens-after']);
        expect(off.upstream.requests.at(-1)!.text()).toBe(here.upstream.requests.at(-1)!.text());
        clock += 1000;
      }
    }
    // The step did rewrite large texts: older results elided, each original redeemable byte-exact.
    const last = off.upstream.requests.at(-1)!.json<{ messages: { content: { content?: string }[] }[] }>();
    const elided = last.messages.flatMap((m) => (Array.isArray(m.content) ? m.content : [])).flatMap((block) => (typeof block.content === 'string' && /an older result, elided/.test(block.content) ? [block.content] : []));
    expect(elided.length).toBeGreaterThan(0);
    const tenant = requestTenant({ 'x-api-key': 'k' });
    for (const text of elided) {
      const [marker] = parseMarkers(text);
      const original = (await off.store.originals.get(tenant, marker!.ref))?.original;
      expect(original !== undefined && logs.some((log) => log === original || log.replace('INFO', 'WARN') === original)).toBe(true);
    }
    // And the large texts still reached the request thread as stand-ins only.
    const located = received.mock.calls.filter(([event, message]) => event === 'message' && typeof message === 'object' && message !== null && 'located' in message);
    expect(located.length).toBeGreaterThan(0);
    expect(located.flatMap(([, message]) => [...strings(message)].filter((text) => text.length >= THRESHOLD))).toEqual([]);
  });
});
