import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { type Compressor, compressed, compressRequest, createMemoryStore, createPipeline, type HeadroomStore, type Json, LOCAL_TENANT, locateSlots, parseMarkers, refOf, setPaths, skipped } from '@headroom/core';
import { describe, expect, it } from 'vitest';
import { type ChatCompressorOptions, chatCompressor } from './chat-compressor.js';

const PY = process.env.PYTHON_STDLIB ?? '/usr/lib/python3.11';
const read = (path: string) => readFileSync(path, 'utf8');
const run = (file: string, args: string[]) => execFileSync(file, args, { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });

interface Step {
  readonly tool: string;
  readonly input: Record<string, unknown>;
  readonly output: string;
}

/** Real tool outputs of this machine, in the order an agent might produce them. */
function realSteps(): Step[] {
  const textwrap = read(`${PY}/textwrap.py`);
  const edited = textwrap.replace('class TextWrapper:', 'class TextWrapper:  # patched');
  return [
    { tool: 'Read', input: { file_path: `${PY}/textwrap.py` }, output: textwrap },
    { tool: 'Bash', input: { command: 'ls -la /usr/share/doc' }, output: run('ls', ['-la', '/usr/share/doc']) },
    { tool: 'Read', input: { file_path: `${PY}/shlex.py` }, output: read(`${PY}/shlex.py`) },
    { tool: 'Bash', input: { command: 'dpkg -l' }, output: run('dpkg', ['-l']).slice(0, 30_000) },
    { tool: 'Read', input: { file_path: `${PY}/textwrap.py` }, output: edited },
    { tool: 'Read', input: { file_path: `${PY}/fnmatch.py` }, output: read(`${PY}/fnmatch.py`) },
    { tool: 'Bash', input: { command: 'ls -la /usr/share/doc' }, output: run('ls', ['-la', '/usr/share/doc']) },
    { tool: 'Read', input: { file_path: `${PY}/glob.py` }, output: read(`${PY}/glob.py`) },
    { tool: 'Read', input: { file_path: `${PY}/bisect.py` }, output: read(`${PY}/bisect.py`) },
  ];
}

const SYSTEM = 'You are a careful coding agent.';

function anthropicBody(steps: readonly Step[], breakpointAt?: number) {
  const messages: Record<string, unknown>[] = [{ role: 'user', content: 'Tidy up the text utilities.' }];
  steps.forEach((step, t) => {
    messages.push({ role: 'assistant', content: [{ type: 'text', text: `Step ${t}` }, { type: 'tool_use', id: `toolu_${t}`, name: step.tool, input: step.input }] });
    const block: Record<string, unknown> = { type: 'tool_result', tool_use_id: `toolu_${t}`, content: step.output };
    if (t === breakpointAt) block.cache_control = { type: 'ephemeral' };
    messages.push({ role: 'user', content: [block] });
  });
  return { model: 'claude-sonnet-4-5', max_tokens: 1024, system: SYSTEM, messages };
}

const resultText = (body: unknown, t: number) => ((body as { messages: { content: { content: string }[] }[] }).messages[2 + 2 * t]!.content[0]!.content);

const BASH_TOOLS = [
  { name: 'Read', description: 'Reads a file', input_schema: { type: 'object', properties: { file_path: { type: 'string' } } } },
  { name: 'Bash', description: 'Runs a command', input_schema: { type: 'object', properties: { command: { type: 'string' } } } },
];

function harness(store: HeadroomStore = createMemoryStore(), options: ChatCompressorOptions = {}, offersRetrieveTool = false) {
  let clock = 1_000_000;
  const pipeline = createPipeline({ compressors: [], store });
  const make = () => chatCompressor({ now: () => clock, ...options });
  let step = make();
  return {
    store,
    advance: (ms: number) => {
      clock += ms;
    },
    restart: () => {
      step = make();
    },
    send: async (body: unknown, mode?: 'lossless') => (await compressRequest(pipeline, body, 'anthropic-messages', { conversation: step, offersRetrieveTool, ...(mode ? { mode } : {}) })).body,
  };
}

async function redeem(store: HeadroomStore, text: string): Promise<string[]> {
  const originals: string[] = [];
  for (const marker of parseMarkers(text)) {
    const stored = await store.originals.get(LOCAL_TENANT, marker.ref);
    expect(stored, `marker ${marker.ref} must be redeemable`).toBeDefined();
    expect(refOf(stored!.original)).toBe(marker.ref);
    originals.push(stored!.original);
  }
  return originals;
}

describe('chatCompressor: cross-turn references at first sight', () => {
  // These conversations already carry the retrieve tool (an earlier marker brought it): the first-marker rule does not apply.
  const marked = { firstMarkerPaybackTurns: Number.POSITIVE_INFINITY, compactAtTokens: 1_000_000 };

  it('turns a re-read of an edited file into a reference plus diff, only in the new block, and keeps it', async () => {
    const steps = realSteps();
    const h = harness(createMemoryStore(), marked);
    let previous: unknown;
    for (let turn = 1; turn <= 6; turn++) {
      const sent = await h.send(anthropicBody(steps.slice(0, turn)));
      for (let t = 0; t < turn - 1 && previous; t++) expect(resultText(sent, t)).toBe(resultText(previous, t));
      previous = sent;
      h.advance(30_000);
    }
    const reread = resultText(previous, 4);
    expect(reread).toContain('the result of the earlier call toolu_0 with 2 line(s) changed');
    expect(reread).toContain('-class TextWrapper:');
    expect(reread).toContain('+class TextWrapper:  # patched');
    expect(reread.length).toBeLessThan(steps[4]!.output.length / 10);
    expect(await redeem(h.store, reread)).toEqual([steps[4]!.output]);
    // The first read, the other results and the system prompt are as the client sent them.
    expect(resultText(previous, 0)).toBe(steps[0]!.output);
    expect(resultText(previous, 1)).toBe(steps[1]!.output);
  });

  it('references an identical re-run of a command', async () => {
    const steps = realSteps();
    const h = harness(createMemoryStore(), marked);
    for (let turn = 1; turn <= 7; turn++) await h.send(anthropicBody(steps.slice(0, turn)));
    const sent = await h.send(anthropicBody(steps.slice(0, 7)));
    expect(resultText(sent, 6)).toMatch(/^\[Bash ls -la \/usr\/share\/doc: same output as the result of the earlier call toolu_1 \(\d+ lines, unchanged\)\] <<headroom: /);
    expect(await redeem(h.store, resultText(sent, 6))).toEqual([steps[6]!.output]);
  });

  it('holds back the first marker of a conversation when the cache rewrite it causes would not pay, and keeps that result raw', async () => {
    const steps = realSteps();
    const h = harness(createMemoryStore(), { compactAtTokens: 1_000_000 });
    for (let turn = 1; turn <= 7; turn++) {
      const sent = await h.send(anthropicBody(steps.slice(0, turn)));
      // The re-read at turn 5 would be a reference, but it would be the conversation's first marker.
      if (turn >= 5) expect(resultText(sent, 4)).toBe(steps[4]!.output);
      h.advance(30_000);
    }
    // At a cold compaction point, the raw re-read is elided with the other stale results.
    h.advance(10 * 60_000);
    const sent = await h.send(anthropicBody(steps));
    expect(resultText(sent, 4)).toContain('an older result, elided');
  });

  it('brings the first marker once it pays for the cache rewrite, with the results it held back before it', async () => {
    // Per-slot compression keeps a module's first 10 lines and puts the rest behind a marker.
    const headOnly: Compressor = {
      specificationVersion: 'v1',
      name: 'head-only',
      contentTypes: ['code'],
      detect: (input) => (input.length > 2000 ? 1 : 0),
      compress(input, context) {
        const cut = input.split('\n').slice(0, 10).join('\n').length;
        if (context.mode === 'lossless') return skipped('lossy only');
        return compressed(`${input.slice(0, cut)}\n${context.offload(input.slice(cut + 1), { summary: 'the rest of the module' })}`);
      },
    };
    const store = createMemoryStore();
    const pipeline = createPipeline({ compressors: [headOnly], store });
    let clock = 1_000_000;
    const step = chatCompressor({ now: () => clock, compactAtTokens: 1_000_000, dedup: false });
    // A long system prompt: the conversation's cached prefix is large from the start.
    const system = read(`${PY}/argparse.py`);
    const modules = ['textwrap', 'shlex', 'glob', 'configparser', 'difflib', 'subprocess', 'tarfile', 'inspect'].map((name) => ({ tool: 'Read', input: { file_path: `${PY}/${name}.py` }, output: read(`${PY}/${name}.py`) }));
    const sent: unknown[] = [];
    for (let turn = 1; turn <= modules.length; turn++) {
      const body = { ...anthropicBody(modules.slice(0, turn)), system };
      sent.push((await compressRequest(pipeline, body, 'anthropic-messages', { conversation: step })).body);
      clock += 30_000;
    }
    const hasMarker = (k: number, t: number) => parseMarkers(resultText(sent[k], t)).length > 0;
    // The first read would have been the first marker: not worth rewriting a prefix of argparse.py.
    expect(hasMarker(0, 0)).toBe(false);
    const arrival = sent.findIndex((body) => resultText(body, 0) !== modules[0]!.output);
    expect(arrival).toBeGreaterThan(0);
    // Until it pays, every result goes as the client sent it; from then on each carries its marker:
    // those held back before go as per-slot compression made them, in that same rewrite.
    for (let k = 0; k < sent.length; k++) {
      for (let t = 0; t <= k; t++) expect(hasMarker(k, t)).toBe(k >= arrival);
    }
    const head = (text: string) => text.split('\n').slice(0, 10).join('\n').length;
    for (let t = 0; t < modules.length; t++) expect(await redeem(store, resultText(sent.at(-1), t))).toEqual([modules[t]!.output.slice(head(modules[t]!.output) + 1)]);
    // Between those rewrites, every turn resends what the turn before sent.
    for (let k = 1; k < sent.length; k++) {
      if (k === arrival) continue;
      for (let t = 0; t < k; t++) expect(resultText(sent[k], t)).toBe(resultText(sent[k - 1], t));
    }
    // Hosts offer the tool from the first request unless told the step decides when it comes.
    expect(step.decidesRetrieveTool?.('anthropic-messages')).toBe(false);
    const whenItPays = chatCompressor({ retrieveTool: 'when-it-pays' });
    expect(whenItPays.decidesRetrieveTool?.('anthropic-messages')).toBe(true);
    expect(whenItPays.decidesRetrieveTool?.('gemini-generate')).toBe(false);
    expect(() => chatCompressor({ retrieveTool: 'later' as 'when-it-pays' })).toThrow(/retrieveTool must be/);
  });

  it('sends the first marker at first sight when the host offers the retrieve tool from the first request (the tool list does not move)', async () => {
    const steps = realSteps();
    // The default options: the hold-back would apply if the tool arrived with the marker.
    const h = harness(createMemoryStore(), { compactAtTokens: 1_000_000 }, true);
    let previous: unknown;
    for (let turn = 1; turn <= 7; turn++) {
      const sent = await h.send({ ...anthropicBody(steps.slice(0, turn)), tools: BASH_TOOLS });
      for (let t = 0; t < turn - 1 && previous; t++) expect(resultText(sent, t)).toBe(resultText(previous, t));
      previous = sent;
      h.advance(30_000);
    }
    expect(resultText(previous, 4)).toContain('the result of the earlier call toolu_0 with 2 line(s) changed');
    expect(await redeem(h.store, resultText(previous, 4))).toEqual([steps[4]!.output]);
    // A body without tools of its own gets the tool only with its first marker: the rule still applies to it.
    const bare = harness(createMemoryStore(), { compactAtTokens: 1_000_000 }, true);
    for (let turn = 1; turn <= 5; turn++) {
      const sent = await bare.send(anthropicBody(steps.slice(0, turn)));
      if (turn === 5) expect(resultText(sent, 4)).toBe(steps[4]!.output);
      bare.advance(30_000);
    }
  });

  it('never rewrites a result that was already sent as it was (the proxy joined mid-conversation)', async () => {
    const steps = realSteps();
    const h = harness();
    // First request this step ever sees already holds the re-read, in an old turn.
    const sent = await h.send(anthropicBody(steps.slice(0, 6)));
    expect(resultText(sent, 4)).toBe(steps[4]!.output);
  });
});

describe('chatCompressor: compaction points', () => {
  it('elides stale results only once the cache is cold, keeps the tail, and reproduces the bytes after a restart', async () => {
    const steps = realSteps();
    const store = createMemoryStore();
    const h = harness(store, { compactAtTokens: 1_000_000 });
    for (let turn = 1; turn <= 8; turn++) {
      const sent = await h.send(anthropicBody(steps.slice(0, turn)));
      // Warm and small: nothing old is touched.
      expect(resultText(sent, 0)).toBe(steps[0]!.output);
      h.advance(60_000);
    }
    h.advance(10 * 60_000); // idle past the 5-minute TTL (+ margin)
    const body = anthropicBody(steps);
    const compacted = await h.send(body);
    const stale = [0, 1, 2, 3, 5];
    for (const t of stale) {
      const text = resultText(compacted, t);
      expect(text.split('\n')[0]).toMatch(/an older result, elided/);
      expect(await redeem(store, text)).toEqual([steps[t]!.output]);
    }
    // The last three tool results, the system prompt and the task are untouched.
    for (const t of [6, 7, 8]) expect(resultText(compacted, t)).toBe(t === 6 ? resultText(compacted, 6) : steps[t]!.output);
    expect(resultText(compacted, 7)).toBe(steps[7]!.output);
    expect((compacted as { system: string }).system).toBe(SYSTEM);
    expect((compacted as { messages: { content: string }[] }).messages[0]!.content).toBe('Tidy up the text utilities.');

    // A restart (new step, same store) and a warm next turn give the very same bytes.
    h.restart();
    h.advance(30_000);
    const again = await h.send(body);
    expect(JSON.stringify(again)).toBe(JSON.stringify(compacted));
  });

  it('compacts a warm cache only when the request is large and the write pays back within a few turns', async () => {
    const steps = realSteps();
    const h = harness(createMemoryStore(), { compactAtTokens: 5_000, paybackTurns: 4 });
    const firstElided: number[] = [];
    let previous: unknown;
    for (let turn = 1; turn <= steps.length; turn++) {
      const sent = await h.send(anthropicBody(steps.slice(0, turn)));
      const elided = Array.from({ length: turn }, (_, t) => t).filter((t) => resultText(sent, t).includes('an older result, elided'));
      if (elided.length > 0 && firstElided.length === 0) firstElided.push(turn);
      // Between compaction points every earlier result keeps its bytes.
      if (previous && elided.every((t) => resultText(previous, t).includes('elided'))) {
        for (let t = 0; t < turn - 1; t++) expect(resultText(sent, t)).toBe(resultText(previous, t));
      }
      previous = sent;
      h.advance(30_000);
    }
    expect(firstElided).toHaveLength(1);
    // Never the last three results.
    for (const t of [6, 7, 8]) expect(resultText(previous, t)).not.toContain('an older result, elided');
  });

  it('keeps errors visible in an elided result', async () => {
    const failing = run('python3', ['-c', 'import sys\nfor i in range(400): print(f"collected test_{i} ... ok")\nprint("ERROR: test_wrap_long failed: AssertionError")']);
    const steps: Step[] = [{ tool: 'Bash', input: { command: 'python3 -m unittest' }, output: failing }, ...realSteps().slice(5)];
    const h = harness();
    await h.send(anthropicBody(steps.slice(0, 3)));
    h.advance(10 * 60_000);
    const sent = await h.send(anthropicBody(steps));
    expect(resultText(sent, 0)).toContain('ERROR: test_wrap_long failed: AssertionError');
    expect(resultText(sent, 0)).toContain('elided');
  });

  it('never touches anything at or before a client breakpoint outside the tail', async () => {
    const steps = realSteps();
    const h = harness();
    await h.send(anthropicBody(steps.slice(0, 8), 2));
    h.advance(10 * 60_000);
    const sent = await h.send(anthropicBody(steps, 2));
    for (const t of [0, 1, 2]) expect(resultText(sent, t)).toBe(steps[t]!.output);
    expect(resultText(sent, 3)).toMatch(/elided/);
  });

  it('does nothing in lossless mode', async () => {
    const steps = realSteps();
    const h = harness();
    await h.send(anthropicBody(steps.slice(0, 8)), 'lossless');
    h.advance(10 * 60_000);
    const body = anthropicBody(steps);
    expect(await h.send(body, 'lossless')).toBe(body);
  });
});

describe('chatCompressor: large slots are measured by the host', () => {
  it('takes the hash of every large slot from `measure`, never of a small one, and decides exactly as when it hashes them itself', async () => {
    // A 740 KB Python module read three times (the last one edited), then a compaction point: large
    // texts go through every path of the step (keys, same-text match, reference, elision).
    const topics = read(`${PY}/pydoc_data/topics.py`);
    const steps: Step[] = [
      { tool: 'Read', input: { file_path: `${PY}/pydoc_data/topics.py` }, output: topics },
      ...realSteps().slice(0, 4),
      { tool: 'Read', input: { file_path: `${PY}/pydoc_data/topics.py` }, output: topics },
      { tool: 'Bash', input: { command: 'cat topics.py' }, output: topics.replace('Python', 'CPython') },
      ...realSteps().slice(5, 8),
    ];
    const store = createMemoryStore();
    const pipeline = createPipeline({ compressors: [], store });
    const asked: number[] = [];
    const measuring = {
      ...pipeline,
      measure: (text: string) => {
        asked.push(text.length);
        return pipeline.measure(text);
      },
    };
    const clocks = { host: 1_000_000, here: 1_000_000 };
    const host = chatCompressor({ now: () => clocks.host });
    const here = chatCompressor({ now: () => clocks.here });
    const hereStore = createMemoryStore();
    const herePipeline = createPipeline({ compressors: [], store: hereStore });
    for (let t = 1; t <= steps.length; t++) {
      const body = anthropicBody(steps.slice(0, t));
      const a = await compressRequest(measuring, body, 'anthropic-messages', { conversation: host });
      // The same step without the host's measure: everything hashed and counted on this thread.
      const located = locateSlots(body, 'anthropic-messages');
      const rewritten = await here.rewrite({ body, format: 'anthropic-messages', located, sent: located.slots.map((s) => s.text), tenant: LOCAL_TENANT, store: hereStore, tokenizer: herePipeline.tokenizer });
      await rewritten.commit?.();
      const texts = new Map(rewritten.rewrites.map((r) => [r.slot, r.text]));
      expect(located.slots.map((s, i) => texts.get(i) ?? s.text)).toEqual(locateSlots(a.body, 'anthropic-messages').slots.map((s) => s.text));
      clocks.host += 20 * 60_000;
      clocks.here += 20 * 60_000;
    }
    expect(asked.length).toBeGreaterThan(0);
    expect(asked.every((chars) => chars >= 256 * 1024)).toBe(true);
    // Something large was rewritten: a reference to the earlier read and, at a cold turn, elisions.
    const last = await compressRequest(measuring, anthropicBody(steps), 'anthropic-messages', { conversation: host });
    expect(JSON.stringify(last.body).length).toBeLessThan(JSON.stringify(anthropicBody(steps)).length / 2);
  });
});

describe('chatCompressor: slot texts the host holds elsewhere (stand-ins)', () => {
  it('decides on stand-ins exactly as on the texts, reading a content only for a slot it rewrites', async () => {
    const topics = read(`${PY}/pydoc_data/topics.py`);
    const decimal = read(`${PY}/_pydecimal.py`);
    const steps: Step[] = [
      { tool: 'Read', input: { file_path: `${PY}/pydoc_data/topics.py` }, output: topics },
      { tool: 'Read', input: { file_path: `${PY}/_pydecimal.py` }, output: decimal },
      ...realSteps().slice(0, 3),
      { tool: 'Read', input: { file_path: `${PY}/pydoc_data/topics.py` }, output: topics.replace('Python', 'CPython') },
      ...realSteps().slice(5, 8),
    ];
    // A 229 KB document opens the conversation: the key it names must not depend on the stand-in
    // (with the stand-in in the key, the state of each turn is lost and the rewrites differ).
    const opening = { role: 'user', content: [{ type: 'text', text: 'Tidy up the text utilities.' }, { type: 'document', source: { type: 'text', media_type: 'text/plain', data: decimal } }] };
    const bodyOf = (count: number) => ({ ...anthropicBody(steps.slice(0, count)), messages: [opening, ...anthropicBody(steps.slice(0, count)).messages.slice(1)] });
    let clock = 1_000_000;
    const viaTexts = { store: createMemoryStore(), step: chatCompressor({ now: () => clock }) };
    const viaStandIns = { store: createMemoryStore(), step: chatCompressor({ now: () => clock }) };
    const pipeline = createPipeline({ compressors: [], store: viaTexts.store });
    const read_: string[] = [];
    for (let count = 1; count <= steps.length; count++) {
      const body = bodyOf(count);
      const located = locateSlots(body, 'anthropic-messages');
      const common = { body, format: 'anthropic-messages' as const, tenant: LOCAL_TENANT, retrieveToolOffered: true, tokenizer: pipeline.tokenizer, measure: (text: string) => pipeline.measure(text) };
      const a = await viaTexts.step.rewrite({ ...common, located, sent: located.slots.map((s) => s.text), store: viaTexts.store });
      await a.commit?.();
      // The host's view: every slot of 64 KiB or more is a short stand-in, measured where it was parsed.
      const behind = new Map<string, string>();
      const measures = new Map<string, Awaited<ReturnType<typeof pipeline.measure>>>();
      const stood = await Promise.all(
        located.slots.map(async (slot, i) => {
          if (slot.text.length < 64 * 1024) return slot;
          const standIn = `\u0000stand-in:${count}:${i}`;
          behind.set(standIn, slot.text);
          measures.set(standIn, await pipeline.measure(slot.text));
          return { ...slot, text: standIn };
        }),
      );
      expect(behind.size).toBeGreaterThan(0);
      const b = await viaStandIns.step.rewrite({
        ...common,
        // The host's body holds the stand-ins too.
        body: setPaths(body as unknown as Json, stood.flatMap((slot, i) => (slot.text === located.slots[i]!.text ? [] : [{ path: slot.path, value: slot.text }]))),
        located: { ...located, slots: stood },
        sent: stood.map((s) => s.text),
        store: viaStandIns.store,
        measure: async (text) => measures.get(text) ?? pipeline.measure(text),
        heldTexts: {
          has: (text) => behind.has(text),
          text: async (text) => {
            read_.push(text);
            return behind.get(text)!;
          },
        },
      });
      await b.commit?.();
      expect(b.rewrites.map((r) => [r.slot, r.text])).toEqual(a.rewrites.map((r) => [r.slot, r.text]));
      clock += 20 * 60_000;
    }
    // Rewrites of large slots happened, and only those (and the opening) were read, each once per request.
    const last = await viaStandIns.store.originals.get(LOCAL_TENANT, refOf(topics));
    expect(last?.original).toBe(topics);
    expect(read_.length).toBeGreaterThan(0);
    expect(read_.length).toBeLessThan(3 * steps.length);
    // The opening's document (a stand-in) was never read: the conversation is named by its hash.
    expect(read_.some((standIn) => standIn.endsWith(':1'))).toBe(false);
  });
});
