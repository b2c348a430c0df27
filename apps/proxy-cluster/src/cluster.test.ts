import { parseMarkers, RETRIEVE_TOOL_NAME } from '@headroom/core';
import { anthropicMessage, anthropicStream, type RecordedRequest, type ScriptedUpstream, startScriptedUpstream } from '@headroom/proxy/testing';
import { readFileSync } from 'node:fs';
import { PROXY_NODE_FLAGS } from '@headroom/proxy/config';
import { createRedisStore } from '@headroom/store-redis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { conversation, post, realOutput, until } from './internal/test-kit.js';
import { type Cluster, startCluster } from './start-cluster.js';

// Real parts only: a redis-server from Debian's package on a free loopback port, two
// `headroom proxy` processes (the built CLI, all default compressors) on it, and a scripted
// upstream in this process. Nothing here depends on how fast anything runs: every wait polls
// with a generous deadline.

let upstream: ScriptedUpstream;
let cluster: Cluster | undefined;
const logs: string[] = [];

beforeAll(async () => {
  upstream = await startScriptedUpstream();
});
afterAll(async () => {
  await upstream.close();
});
afterEach(async (context) => {
  await cluster?.stop();
  cluster = undefined;
  if (context.task.result?.state === 'fail') console.error(logs.join('\n'));
  logs.length = 0;
  upstream.requests.length = 0;
  upstream.setDefault((request) => (request.json().stream ? { sse: anthropicStream() } : { json: anthropicMessage() }));
});

async function twoReplicas(): Promise<Cluster> {
  // A generous compression budget: at the default 3 s a crowded CI machine turned a store failure
  // into a budget timeout before the store was even asked (both fail open; the test checks which).
  cluster = await startCluster({ replicas: 2, proxyArgs: ['--anthropic-upstream', upstream.url, '--compression-timeout', '60s'], onLog: (i, line) => logs.push(`[${i}] ${line}`) });
  return cluster;
}

const url = (c: Cluster, replica: number) => `${c.replicas[replica]?.url}/v1/messages`;

/** The upstream request whose body contains `needle` (requests arrive concurrently in some tests). */
function upstreamWith(needle: string): RecordedRequest | undefined {
  return upstream.requests.find((request) => request.text().includes(needle));
}

/** The tool_result contents the upstream received in a request, in order. */
function toolResults(request: RecordedRequest): string[] {
  const sent = request.json() as { messages: { content: unknown }[] };
  return sent.messages.flatMap((m) => (Array.isArray(m.content) ? m.content : [])).flatMap((b: { type?: string; content?: string }) => (b.type === 'tool_result' ? [b.content ?? ''] : []));
}

describe('two replicas on one Redis', () => {
  it("starts every replica with the proxy's node flags, as the headroom command does", async () => {
    const c = await twoReplicas();
    for (const replica of c.replicas) {
      const argv = readFileSync(`/proc/${replica.child.pid}/cmdline`, 'utf8').split('\0');
      expect(argv.slice(1, 1 + PROXY_NODE_FLAGS.length)).toEqual([...PROXY_NODE_FLAGS]);
    }
  });

  it('retrieves through replica B what replica A compressed, in the next turn', async () => {
    const c = await twoReplicas();
    const chat = conversation('retrieve');
    const { command, output } = realOutput(0);
    const first = await post(url(c, 0), chat.addTurn(1, command, output));
    expect(first.status).toBe(200);
    const sentByA = upstreamWith('(retrieve)') as RecordedRequest;
    const [marker] = parseMarkers(sentByA.text());
    expect(marker, 'replica A sent the dpkg listing without a marker').toBeDefined();
    chat.addAnswer('The listing is long; I will look at the omitted part.');
    chat.addUser('Show me what was left out.');

    upstream.requests.length = 0;
    let retrieveAnswer: string | undefined;
    upstream.enqueue(
      (request) => {
        // Replica B compresses the resent history to the same bytes (the memo is in Redis) …
        expect(toolResults(request)[0]).toBe(toolResults(sentByA)[0]);
        return { json: anthropicMessage({ toolCall: { id: 'r1', name: RETRIEVE_TOOL_NAME, input: { hash: marker?.ref } } }) };
      },
      (request) => {
        // … and answers the model's retrieve call from the original replica A stored.
        retrieveAnswer = toolResults(request).at(-1);
        return { json: anthropicMessage({ text: 'Found it.' }) };
      },
    );
    const second = await post(url(c, 1), chat.body());
    expect(second.status).toBe(200);
    expect(JSON.parse(second.text).content).toEqual([{ type: 'text', text: 'Found it.' }]);
    expect(upstream.requests).toHaveLength(2);

    const store = await createRedisStore({ url: c.redisUrl });
    try {
      const stored = await store.originals.lookup(marker?.ref ?? '');
      expect(stored?.original.length).toBeGreaterThan(0);
      expect(output).toContain(stored?.original);
      expect(retrieveAnswer).toBe(stored?.original);
      await until(async () => (await store.ledger.read({ type: 'retrieval' })).length > 0, 'the retrieval row');
      expect(await store.ledger.read({ type: 'retrieval' })).toMatchObject([{ ref: marker?.ref, found: true, source: 'proxy' }]);
    } finally {
      await store.close();
    }
  });

  it('keeps every upstream prefix byte-identical while a conversation alternates between the replicas', async () => {
    const c = await twoReplicas();
    const chat = conversation('alternate');
    let previous: { messages: unknown[]; tools: unknown; system: unknown } | undefined;
    let withMarkers = 0;
    let toolsOnceMarked: string | undefined;
    for (let turn = 0; turn < 10; turn++) {
      const { command, output } = realOutput(turn);
      const answer = await post(url(c, turn % 2), chat.addTurn(turn, command, output, turn % 3 === 0));
      expect(answer.status).toBe(200);
      chat.addAnswer(`Turn ${turn} read.`);
      const sent = upstream.requests.at(-1)?.json() as { messages: unknown[]; tools: unknown; system: unknown };
      if (previous) {
        const prefix = sent.messages.slice(0, previous.messages.length);
        expect(JSON.stringify(prefix), `turn ${turn} (replica ${turn % 2}) changed bytes sent on turn ${turn - 1}`).toBe(JSON.stringify(previous.messages));
        expect(sent.system).toEqual(previous.system);
      }
      if (parseMarkers(JSON.stringify(sent.messages)).length > 0) {
        withMarkers++;
        // Once a marker is in the conversation, the tool list (retrieve tool included) stays byte-stable.
        toolsOnceMarked ??= JSON.stringify(sent.tools);
        expect(JSON.stringify(sent.tools)).toBe(toolsOnceMarked);
        expect(toolsOnceMarked).toContain(RETRIEVE_TOOL_NAME);
      }
      // What the next turn must reproduce: this request's history plus the answer the client appended.
      previous = { ...sent, messages: [...sent.messages, chat.messages.at(-1)] };
    }
    expect(withMarkers).toBeGreaterThan(5);
  });

  it('lets no request fail while Redis is killed, and compresses again once it is back', async () => {
    const c = await twoReplicas();
    const redis = c.redis;
    if (!redis) throw new Error('the cluster must have started its own Redis');
    let seed = 0;
    const sendFresh = async (replica: number) => {
      const { command, output } = realOutput(seed);
      const id = `fresh-${seed++}`;
      const answer = await post(url(c, replica), conversation(id).addTurn(0, command, output));
      const forwarded = upstreamWith(`(${id})`);
      return { answer, output, sent: forwarded ? (toolResults(forwarded)[0] ?? '') : '' };
    };

    const before = await sendFresh(0);
    expect(before.answer.status).toBe(200);
    expect(parseMarkers(before.sent).length).toBeGreaterThan(0);

    await redis.kill();
    for (let i = 0; i < 6; i++) {
      const during = await sendFresh(i % 2);
      expect(during.answer.status, `request ${i} while Redis was down`).toBe(200);
      // Fail open: the original goes upstream untouched, and the response says why: the store, or,
      // on a loaded machine, a compressor's own 2 s budget ending first (a CI run at load 17 did).
      expect(during.sent).toBe(during.output);
      expect(['store_unavailable', 'timeout']).toContain(during.answer.headers.get('x-headroom-compression-failed'));
    }
    for (const replica of c.replicas) expect((await fetch(`${replica.url}/readyz`)).status).toBe(503);

    await redis.restart();
    for (const replica of [0, 1]) {
      await until(async () => {
        const after = await sendFresh(replica);
        expect(after.answer.status).toBe(200);
        return parseMarkers(after.sent).length > 0;
      }, `replica ${replica} to compress again after the restart`);
      expect((await fetch(`${c.replicas[replica]?.url}/readyz`)).status).toBe(200);
    }
  });

  it('lets no request fail while Redis hangs (paused, connections open), and compresses again once it answers', async () => {
    const c = await twoReplicas();
    const redis = c.redis;
    if (!redis) throw new Error('the cluster must have started its own Redis');
    let seed = 30;
    const sendFresh = async (replica: number) => {
      const { command, output } = realOutput(seed);
      const id = `hang-${seed++}`;
      const answer = await post(url(c, replica), conversation(id).addTurn(0, command, output));
      const forwarded = upstreamWith(`(${id})`);
      return { answer, output, sent: forwarded ? (toolResults(forwarded)[0] ?? '') : '' };
    };
    redis.pause();
    try {
      for (let i = 0; i < 4; i++) {
        const during = await sendFresh(i % 2);
        expect(during.answer.status, `request ${i} while Redis hung`).toBe(200);
        expect(during.sent).toBe(during.output);
        // The store call's deadline or the compression budget, whichever ends first: both fail open.
        expect(['store_unavailable', 'timeout']).toContain(during.answer.headers.get('x-headroom-compression-failed'));
      }
    } finally {
      redis.resume();
    }
    for (const replica of [0, 1]) {
      await until(async () => parseMarkers((await sendFresh(replica)).sent).length > 0, `replica ${replica} to compress again`);
    }
  });

  it('keeps a client\'s requests to replica B whole when replica A is killed in the middle of a stream', async () => {
    const c = await twoReplicas();
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    upstream.setDefault((request) => {
      const stream = request.json().stream === true;
      if (request.text().includes('(held on A)')) {
        // The first events go out, then the stream waits: replica A dies with it open.
        const events = anthropicStream({ text: ['first part ', 'never sent'] });
        return { sse: events.map((event, i) => (i === 3 ? { ...event, waitFor: held } : event)) };
      }
      return stream ? { sse: anthropicStream({ text: ['whole ', 'answer'] }) } : { json: anthropicMessage({ text: 'whole answer' }) };
    });

    // Content replica A compressed before it dies: B must still serve its original afterwards.
    const kept = conversation('kept');
    const { command, output } = realOutput(1);
    expect((await post(url(c, 0), kept.addTurn(0, command, output))).status).toBe(200);
    const [marker] = parseMarkers(upstreamWith('(kept)')?.text() ?? '');
    expect(marker).toBeDefined();

    const onA = await fetch(url(c, 0), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': 'sk-cluster-test' },
      body: JSON.stringify(conversation('held on A').addTurn(0, 'dpkg -l', realOutput(3).output, true)),
    });
    expect(onA.status).toBe(200);
    const reader = (onA.body as ReadableStream<Uint8Array>).getReader();
    const firstChunk = await reader.read();
    expect(firstChunk.done).toBe(false);

    // The same client keeps requests in flight on B while A dies.
    const onB = Array.from({ length: 6 }, (_, i) => {
      const chat = conversation(`on B ${i}`);
      const turn = realOutput(10 + i);
      return post(url(c, 1), chat.addTurn(0, turn.command, turn.output, i % 2 === 0));
    });
    await c.replicas[0]?.kill();
    // A's stream ends without its last events: the client sees a cut stream, not a hang.
    let rest = '';
    const decoder = new TextDecoder();
    try {
      for (;;) {
        const chunk = await reader.read();
        if (chunk.done) break;
        rest += decoder.decode(chunk.value);
      }
    } catch {
      // a reset connection: expected
    }
    expect(rest).not.toContain('message_stop');
    release();

    for (const [i, answer] of (await Promise.all(onB)).entries()) {
      expect(answer.status, `request ${i} to replica B`).toBe(200);
      expect(answer.text).toContain(i % 2 === 0 ? 'message_stop' : 'whole answer');
    }
    upstream.requests.length = 0;
    upstream.enqueue(
      { json: anthropicMessage({ toolCall: { id: 'r1', name: RETRIEVE_TOOL_NAME, input: { hash: marker?.ref } } }) },
      (request) => {
        expect(output).toContain(toolResults(request).at(-1));
        expect(toolResults(request).at(-1)?.length).toBeGreaterThan(0);
        return { json: anthropicMessage({ text: 'Still here.' }) };
      },
    );
    kept.addAnswer('Noted.');
    kept.addUser('What was omitted?');
    const after = await post(url(c, 1), kept.body());
    expect(after.status).toBe(200);
    expect(JSON.parse(after.text).content).toEqual([{ type: 'text', text: 'Still here.' }]);
  });
});
