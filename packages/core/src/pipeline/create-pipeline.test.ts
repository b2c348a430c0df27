import { describe, expect, it } from 'vitest';
import { type CompressContext, type Compressor, compressed, skipped } from '../compressor.js';
import { refOf } from '../hash.js';
import { parseMarkers } from '../markers.js';
import { createMemoryStore } from '../store/memory-store.js';
import { LOCAL_TENANT } from '../store/tenant.js';
import type { HeadroomStore } from '../store/store.js';
import { createEstimatingTokenizer } from '../tokenizer/tiktoken-tokenizer.js';
import type { Tokenizer } from '../tokenizer/tokenizer.js';
import { createPipeline } from './create-pipeline.js';
import type { CompressionRunner } from './runner.js';
import type { PipelineEvent } from './events.js';

const tokenizer = createEstimatingTokenizer();
const bigText = Array.from({ length: 200 }, (_, i) => `line ${i} of a tool output that repeats`).join('\n');

/** A compressor made for these tests: keeps the first line, offloads the rest in lossy mode. */
function firstLine(name = 'first-line', confidence = 0.9): Compressor {
  return {
    specificationVersion: 'v1',
    name,
    contentTypes: ['text'],
    detect: () => confidence,
    compress(input, context) {
      const [head, ...rest] = input.split('\n');
      if (context.mode === 'lossless') return skipped('nothing lossless to do');
      return compressed(`${head}\n${context.offload(rest.join('\n'), { summary: `${rest.length} lines omitted` })}`);
    },
  };
}

function fixed(name: string, confidence: number, text = `${name} output`): Compressor {
  return { specificationVersion: 'v1', name, contentTypes: ['text'], detect: () => confidence, compress: () => compressed(text) };
}

function collect(pipeline: ReturnType<typeof createPipeline>): PipelineEvent[] {
  const events: PipelineEvent[] = [];
  for (const type of ['compressed', 'skipped', 'offloaded', 'failed', 'retrieved'] as const) pipeline.on(type, (e) => events.push(e));
  return events;
}

describe('createPipeline', () => {
  it('refuses duplicate compressor names at construction', () => {
    expect(() => createPipeline({ compressors: [fixed('a', 1), fixed('a', 1)], store: createMemoryStore(), tokenizer })).toThrow(/two compressors are named "a"/);
  });

  it('refuses a compressor of another specification version', () => {
    const v2 = { ...fixed('a', 1), specificationVersion: 'v2' } as unknown as Compressor;
    expect(() => createPipeline({ compressors: [v2], store: createMemoryStore(), tokenizer })).toThrow(/specificationVersion/);
  });

  it('routes to the most confident compressor', async () => {
    const pipeline = createPipeline({ compressors: [fixed('low', 0.4), fixed('high', 0.8)], store: createMemoryStore(), tokenizer });
    expect((await pipeline.compress(bigText)).compressor).toBe('high');
  });

  it('breaks confidence ties by pipeline order', async () => {
    const pipeline = createPipeline({ compressors: [fixed('first', 0.7), fixed('second', 0.7)], store: createMemoryStore(), tokenizer });
    expect((await pipeline.compress(bigText)).compressor).toBe('first');
  });

  it('passes through when no compressor is confident enough', async () => {
    const pipeline = createPipeline({ compressors: [fixed('shy', 0.1)], store: createMemoryStore(), tokenizer });
    const result = await pipeline.compress(bigText);
    expect(result).toMatchObject({ text: bigText, compressed: false, reason: 'no compressor is confident' });
  });

  it('passes small content through untouched', async () => {
    const pipeline = createPipeline({ compressors: [fixed('eager', 1)], store: createMemoryStore(), tokenizer });
    expect(await pipeline.compress('tiny')).toMatchObject({ text: 'tiny', compressed: false, reason: 'too small' });
  });

  it('rejects a result that is not smaller', async () => {
    const pipeline = createPipeline({ compressors: [fixed('bloat', 1, `${bigText}\n${bigText}`)], store: createMemoryStore(), tokenizer });
    const events = collect(pipeline);
    const result = await pipeline.compress(bigText);
    expect(result).toMatchObject({ text: bigText, compressed: false, reason: 'bloat: not smaller' });
    expect(events.map((e) => e.type)).toEqual(['skipped']);
  });

  it('decides a close call (within 3% by estimate) with the tokenizer\'s count', async () => {
    // A tokenizer whose count disagrees with its estimate on text carrying '#'.
    const skewed: Tokenizer = { encoding: 'test', exact: false, estimate: (t) => t.length, count: (t) => (t.includes('#') ? t.length * 2 : t.length) };
    const nearly = (mark: string) => fixed(`nearly${mark}`, 1, `${bigText.slice(0, Math.floor(bigText.length * 0.99))}${mark}`);
    const reallyLarger = createPipeline({ compressors: [nearly('#')], store: createMemoryStore(), tokenizer: skewed });
    expect((await reallyLarger.compress(bigText)).reason).toBe('nearly#: not smaller');
    const reallySmaller = createPipeline({ compressors: [nearly('')], store: createMemoryStore(), tokenizer: skewed });
    expect((await reallySmaller.compress(bigText)).compressed).toBe(true);
  });

  it('fails open when a compressor throws, and records it', async () => {
    const broken: Compressor = { ...fixed('broken', 1), compress: () => { throw new Error('boom'); } };
    const store = createMemoryStore();
    const pipeline = createPipeline({ compressors: [broken], store, tokenizer, policy: { source: 'test' } });
    const events = collect(pipeline);
    const result = await pipeline.compress(bigText, { toolName: 'Bash', tenant: 't-1' });
    expect(result).toMatchObject({ text: bigText, compressed: false, code: 'compressor_failed' });
    expect(result.warnings).toEqual([{ code: 'compressor_failed', message: 'broken: compressor threw: boom' }]);
    expect(events).toMatchObject([{ type: 'failed', compressor: 'broken', code: 'compressor_failed' }]);
    expect(await store.ledger.read()).toMatchObject([
      { type: 'failure', code: 'compressor_failed', compressor: 'broken', toolName: 'Bash', source: 'test', tenant: 't-1' },
    ]);
  });

  it('records a failure on the fallback log when the ledger cannot take it', async () => {
    const broken: Compressor = { ...fixed('broken', 1), compress: () => { throw new Error('boom'); } };
    const store = createMemoryStore();
    const down = { ...store, ledger: { ...store.ledger, append: () => Promise.reject(new Error('disk full')) } };
    const logged: string[] = [];
    const pipeline = createPipeline({ compressors: [broken], store: down, tokenizer, fallbackLog: (code, message) => logged.push(`${code}: ${message}`) });
    expect((await pipeline.compress(bigText)).code).toBe('compressor_failed');
    expect(logged).toEqual(['compressor_failed: broken: compressor threw: boom; the ledger could not record it either (disk full)']);
  });

  it('fails open with store_unavailable when originals cannot be stored, and says so', async () => {
    const store = createMemoryStore();
    const failing = { ...store, originals: { ...store.originals, put: () => Promise.reject(new Error('database is locked')) } };
    const pipeline = createPipeline({ compressors: [firstLine()], store: failing, tokenizer });
    const result = await pipeline.compress(bigText);
    expect(result).toMatchObject({ text: bigText, compressed: false, code: 'store_unavailable' });
    expect(await store.ledger.read({ type: 'failure' })).toMatchObject([{ code: 'store_unavailable' }]);
  });

  it('fails open when detect throws', async () => {
    const broken: Compressor = { ...fixed('bad-detect', 1), detect: () => { throw new Error('nope'); } };
    const pipeline = createPipeline({ compressors: [broken, fixed('ok', 0.5)], store: createMemoryStore(), tokenizer });
    expect((await pipeline.compress(bigText)).compressor).toBe('ok');
  });

  it('abandons an async compressor at its deadline', async () => {
    const slow: Compressor = { ...fixed('slow', 1), compress: () => new Promise(() => {}) };
    const pipeline = createPipeline({ compressors: [slow], store: createMemoryStore(), tokenizer, policy: { timeoutMs: 50 } });
    const result = await pipeline.compress(bigText);
    expect(result).toMatchObject({ text: bigText, compressed: false, code: 'timeout', reason: 'slow: compressor timed out' });
  });

  it('discards the late result of a blocking compressor', async () => {
    const blocking: Compressor = {
      ...fixed('blocking', 1),
      compress: (input: string, context: CompressContext) => {
        while (Date.now() <= context.deadline) {
          // Busy: a synchronous compressor cannot be preempted, only ignored afterwards.
        }
        return compressed(input.slice(0, 10));
      },
    };
    const pipeline = createPipeline({ compressors: [blocking], store: createMemoryStore(), tokenizer, policy: { timeoutMs: 20 } });
    expect((await pipeline.compress(bigText)).compressed).toBe(false);
  });

  it('stores every offloaded original and the whole input, byte-exact', async () => {
    const store = createMemoryStore();
    const pipeline = createPipeline({ compressors: [firstLine()], store, tokenizer });
    const events = collect(pipeline);
    const result = await pipeline.compress(bigText, { toolName: 'Bash' });
    expect(result.compressed).toBe(true);
    const [marker] = parseMarkers(result.text);
    expect(marker?.summary).toBe('199 lines omitted');
    const restored = result.text.replace(marker!.text, (await store.originals.get(LOCAL_TENANT, marker!.ref))!.original);
    expect(restored).toBe(bigText);
    expect((await store.originals.get(LOCAL_TENANT, result.ref!))?.original).toBe(bigText);
    expect(result.ref).toBe(refOf(bigText));
    expect(events.map((e) => e.type)).toEqual(['offloaded', 'compressed']);
  });

  it('writes one ledger row per compression', async () => {
    const store = createMemoryStore();
    const pipeline = createPipeline({ compressors: [firstLine()], store, tokenizer, policy: { source: 'test' } });
    await pipeline.compress(bigText, { toolName: 'Bash' });
    await pipeline.compress(bigText, { toolName: 'Bash' });
    const rows = await store.ledger.read();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ type: 'compression', compressor: 'first-line', toolName: 'Bash', exact: false, source: 'test' });
  });

  it('with memoizeByQuery off (hosts that resend history), the same content keeps its first bytes whatever the query', async () => {
    let calls = 0;
    const counting: Compressor = { ...firstLine(), compress: (input, context) => { calls++; return firstLine().compress(input, context); } };
    const pipeline = createPipeline({ compressors: [counting], store: createMemoryStore(), tokenizer, policy: { memoizeByQuery: false } });
    const first = await pipeline.compress(bigText, { query: 'one' });
    const second = await pipeline.compress(bigText, { query: 'two' });
    expect(second.text).toBe(first.text);
    expect(second.memoHit).toBe(true);
    expect(calls).toBe(1);
  });

  it('by default honours a new query: the same content with another question is compressed for it', async () => {
    const queries: (string | undefined)[] = [];
    const spy: Compressor = { ...firstLine(), compress: (input, context) => { queries.push(context.query); return firstLine().compress(input, context); } };
    const pipeline = createPipeline({ compressors: [spy], store: createMemoryStore(), tokenizer });
    await pipeline.compress(bigText, { query: 'one' });
    expect((await pipeline.compress(bigText, { query: 'one' })).memoHit).toBe(true);
    expect((await pipeline.compress(bigText, { query: 'two' })).memoHit).toBe(false);
    expect(queries).toEqual(['one', 'two']);
  });

  it('keys the memo by options: other compressor options compress afresh', async () => {
    const store = createMemoryStore();
    const seen: unknown[] = [];
    const spy: Compressor = { ...firstLine(), compress: (input, context) => { seen.push(context.options); return firstLine().compress(input, context); } };
    await createPipeline({ compressors: [spy], store, tokenizer, policy: { compressorOptions: { 'first-line': { a: 1 } } } }).compress(bigText);
    await createPipeline({ compressors: [spy], store, tokenizer, policy: { compressorOptions: { 'first-line': { a: 2 } } } }).compress(bigText);
    expect(seen).toEqual([{ a: 1 }, { a: 2 }]);
  });

  it('forbids offloading in lossless mode and lets the original through', async () => {
    const cheat: Compressor = { ...firstLine(), compress: (input, context) => compressed(context.offload(input, { summary: 'all' })) };
    const pipeline = createPipeline({ compressors: [cheat], store: createMemoryStore(), tokenizer, policy: { mode: 'lossless' } });
    const result = await pipeline.compress(bigText);
    expect(result.compressed).toBe(false);
    expect(result.reason).toMatch(/offload is not allowed in lossless mode/);
  });

  it('rejects output with a marker that was never offloaded', async () => {
    const forger = fixed('forger', 1, `<<headroom: made up ref=${refOf('nothing')}>>`);
    const pipeline = createPipeline({ compressors: [forger], store: createMemoryStore(), tokenizer });
    expect((await pipeline.compress(bigText)).reason).toMatch(/never offloaded/);
  });

  it('stores and counts only the offloads its output points at, each once', async () => {
    // Renders twice and keeps the second text: the first render's omission and the repeat of the
    // second's must not reach the store, the ledger or the events.
    const twice: Compressor = {
      ...firstLine(),
      compress(input, context) {
        const [head, ...rest] = input.split('\n');
        context.offload(rest.slice(1).join('\n'), { summary: 'a render not kept' });
        context.offload(rest.join('\n'), { summary: `${rest.length} lines omitted` });
        return compressed(`${head}\n${context.offload(rest.join('\n'), { summary: `${rest.length} lines omitted` })}`);
      },
    };
    const store = createMemoryStore();
    const pipeline = createPipeline({ compressors: [twice], store, tokenizer });
    const events = collect(pipeline);
    const result = await pipeline.compress(bigText);
    expect(result.markers.map((m) => m.ref)).toEqual([refOf(bigText.slice(bigText.indexOf('\n') + 1))]);
    expect(await store.originals.get(LOCAL_TENANT, refOf(bigText.split('\n').slice(2).join('\n')))).toBeUndefined();
    expect(events.filter((e) => e.type === 'offloaded')).toHaveLength(1);
    expect(await store.ledger.read({ type: 'compression' })).toMatchObject([{ markers: 1 }]);
  });

  it('does not recompress content that already carries markers', async () => {
    const pipeline = createPipeline({ compressors: [firstLine()], store: createMemoryStore(), tokenizer });
    const once = await pipeline.compress(bigText);
    const padded = `${once.text}\n${'more text here '.repeat(100)}`;
    expect(await pipeline.compress(padded)).toMatchObject({ compressed: false, reason: 'already carries markers' });
  });

  it('fails open when the store cannot keep originals', async () => {
    const memory = createMemoryStore();
    const down: HeadroomStore = { ...memory, originals: { ...memory.originals, put: async () => { throw new Error('disk full'); } } };
    const pipeline = createPipeline({ compressors: [firstLine()], store: down, tokenizer });
    const result = await pipeline.compress(bigText);
    expect(result).toMatchObject({ text: bigText, compressed: false, reason: 'store unavailable: disk full' });
  });

  it('isolates a listener that throws', async () => {
    const pipeline = createPipeline({ compressors: [firstLine()], store: createMemoryStore(), tokenizer });
    pipeline.on('compressed', () => { throw new Error('dashboard down'); });
    expect((await pipeline.compress(bigText)).compressed).toBe(true);
  });

  it('retrieves originals and records hits and misses in the ledger', async () => {
    const store = createMemoryStore();
    const pipeline = createPipeline({ compressors: [firstLine()], store, tokenizer });
    const result = await pipeline.compress(bigText, { toolName: 'Bash' });
    const ref = parseMarkers(result.text)[0]!.ref;
    expect((await pipeline.retrieve(ref.toUpperCase(), { round: 1 }))?.original).toBe(bigText.slice(bigText.indexOf('\n') + 1));
    expect(await pipeline.retrieve(refOf('never stored'))).toBeUndefined();
    const rows = await store.ledger.read({ type: 'retrieval' });
    expect(rows[0]?.type === 'retrieval' && rows[0].latencyMs).toBeGreaterThanOrEqual(0);
    expect(rows).toMatchObject([
      { type: 'retrieval', found: true, compressor: 'first-line', toolName: 'Bash', round: 1 },
      { type: 'retrieval', found: false },
    ]);
  });

  it('uses a named compressor when asked, and reports an unknown name', async () => {
    const pipeline = createPipeline({ compressors: [fixed('a', 0.9), fixed('b', 0.1)], store: createMemoryStore(), tokenizer });
    expect((await pipeline.compress(bigText, { compressor: 'b' })).compressor).toBe('b');
    await expect(pipeline.compress(bigText, { compressor: 'zzz' })).rejects.toThrow(/no compressor named "zzz"/);
  });
});

describe('content no compressor helps', () => {
  it('is not re-detected when it comes again', async () => {
    let detects = 0;
    const shy: Compressor = { ...fixed('shy', 0), detect: () => { detects++; return 0; } };
    const pipeline = createPipeline({ compressors: [shy], store: createMemoryStore(), tokenizer });
    await pipeline.compress(bigText);
    const again = await pipeline.compress(bigText);
    expect(detects).toBe(1);
    expect(again).toMatchObject({ text: bigText, compressed: false, reason: 'seen before: no compressor applies' });
  });

  it('is tried again after a failure, which may be transient', async () => {
    let calls = 0;
    const flaky: Compressor = { ...fixed('flaky', 1), compress: () => { calls++; throw new Error('transient'); } };
    const pipeline = createPipeline({ compressors: [flaky], store: createMemoryStore(), tokenizer });
    await pipeline.compress(bigText);
    await pipeline.compress(bigText);
    expect(calls).toBe(2);
  });
});

describe('memo and original lifetimes', () => {
  it('keeps originals alive while their markers keep being sent', async () => {
    let clock = 0;
    const store = createMemoryStore({ now: () => clock, originalTtlMs: 1000 });
    const pipeline = createPipeline({ compressors: [firstLine()], store, tokenizer, policy: { originalTtlMs: 1000 } });
    const first = await pipeline.compress(bigText);
    clock = 900;
    expect((await pipeline.compress(bigText)).memoHit).toBe(true);
    clock = 1500;
    expect(await store.originals.get(LOCAL_TENANT, first.markers[0]!.ref)).toBeDefined();
  });

  it('compresses afresh when an original behind a memoized marker is gone', async () => {
    let clock = 0;
    const store = createMemoryStore({ now: () => clock, originalTtlMs: 1000 });
    const pipeline = createPipeline({ compressors: [firstLine()], store, tokenizer, policy: { originalTtlMs: 1000 } });
    const first = await pipeline.compress(bigText);
    clock = 5000;
    const again = await pipeline.compress(bigText);
    expect(again.memoHit).toBe(false);
    expect(again.text).toBe(first.text);
    expect((await store.originals.get(LOCAL_TENANT, again.markers[0]!.ref))?.original).toBeDefined();
  });
});

describe('createPipeline with a runner', () => {
  it('hands route + compress to the runner and keeps the memo, marker checks and stores for itself', async () => {
    const store = createMemoryStore();
    const tasks: string[] = [];
    const runner: CompressionRunner = {
      names: ['remote'],
      async run(task) {
        tasks.push(task.text);
        const original = task.text.slice(100);
        const ref = refOf(original);
        return {
          type: 'compressed',
          compressor: 'remote',
          contentType: 'text',
          text: `${task.text.slice(0, 100)}<<headroom: rest omitted ref=${ref}>>`,
          warnings: [],
          offloads: [{ ref, original, meta: { summary: 'rest omitted' } }],
          detectFailures: [],
        };
      },
    };
    const pipeline = createPipeline({ compressors: [], runner, store, tokenizer });
    const first = await pipeline.compress(bigText);
    expect(first.compressed).toBe(true);
    expect((await store.originals.get(LOCAL_TENANT, first.markers[0]!.ref))?.original).toBe(bigText.slice(100));
    expect((await store.originals.get(LOCAL_TENANT, first.ref!))?.original).toBe(bigText);
    const again = await pipeline.compress(bigText);
    expect(again.memoHit).toBe(true);
    expect(tasks).toHaveLength(1);
  });

  it('passes the original through when the runner reports a timeout, and does not remember it as unhelped', async () => {
    let calls = 0;
    const runner: CompressionRunner = {
      names: ['slow'],
      run: async () => {
        calls++;
        return { type: 'failed', compressor: 'slow', timeout: true, reason: 'compressor timed out', detectFailures: [] };
      },
    };
    const pipeline = createPipeline({ compressors: [], runner, store: createMemoryStore(), tokenizer });
    const events = collect(pipeline);
    const result = await pipeline.compress(bigText);
    expect(result).toMatchObject({ compressed: false, text: bigText, code: 'timeout', reason: 'slow: compressor timed out' });
    expect(events.some((e) => e.type === 'failed')).toBe(true);
    await pipeline.compress(bigText);
    expect(calls).toBe(2);
  });
});
