import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { getPriority, tmpdir } from 'node:os';
import { measureText } from '@headroom/core';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bashResultBody, bigJson, type Harness, send, startHarness } from '../internal/test-kit.js';
import { BACKGROUND_NICE } from './background-priority.js';
import { createSharedTexts, standInText } from './shared-texts.js';
import { createWorkerPool } from './worker-pool.js';

const fixture = fileURLToPath(new URL('./__fixtures__/busy-compressor.mjs', import.meta.url));
let dir: string;
let harness: Harness | undefined;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'headroom-pool-'));
});
afterEach(async () => {
  await harness?.close();
  harness = undefined;
  rmSync(dir, { recursive: true, force: true });
});


async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
}

describe('compression on worker threads', () => {
  it('answers /livez while a compression spins, fails that request open after its budget, and compresses the next one normally', async () => {
    const startedFile = join(dir, 'started');
    harness = await startHarness({
      compressors: [{ module: fixture, factory: 'busyCompressor', options: { startedFile } }],
      compressionThreads: 1,
      compressionTimeoutMs: 4000,
    });
    const { proxy, upstream } = harness;
    const spinning = `${bigJson(1)}\nSPIN`;
    let done = false;
    const stuck = send(`${proxy.url}/v1/messages`, { headers: { 'x-api-key': 'k' }, body: bashResultBody(spinning) }).finally(() => {
      done = true;
    });
    await until(() => existsSync(startedFile));
    // The only worker thread is in an endless loop; the request thread is free.
    const live = await send(`${proxy.url}/livez`);
    expect(live.status).toBe(200);
    expect(done).toBe(false);

    const answer = await stuck;
    expect(answer.status).toBe(200);
    expect(upstream.requests[0]!.text()).toBe(bashResultBody(spinning));

    // The pipeline's per-compression limit (2 s, under the request's 4 s budget) stopped the thread.
    expect(Number(answer.headers['x-headroom-tokens-after'])).toBe(Number(answer.headers['x-headroom-tokens-before']));
    // The stuck thread was replaced: a following request compresses on the fresh one. On a crowded
    // machine the fresh thread can still be loading its compressor when the first one arrives, which
    // then fails open at the budget as designed; so up to three are sent, each with new content (a
    // result that went raw once is pinned raw: resending it would get the raw form from the cache).
    let next = bigJson(2);
    let ok = await send(`${proxy.url}/v1/messages`, { headers: { 'x-api-key': 'k' }, body: bashResultBody(next) });
    for (let retry = 0; retry < 2 && ok.headers['x-headroom-compression-failed'] === 'timeout'; retry++) {
      next = bigJson(3 + retry);
      ok = await send(`${proxy.url}/v1/messages`, { headers: { 'x-api-key': 'k' }, body: bashResultBody(next) });
    }
    expect(ok.status).toBe(200);
    expect(ok.headers['x-headroom-compression-failed']).toBeUndefined();
    const sent = upstream.requests.at(-1)!.json() as { messages: { content: { content?: string }[] }[] };
    expect(sent.messages[2]!.content[0]!.content).toBe(JSON.stringify(JSON.parse(next)));
  });

  it('never stops a thread inside a native parse: tasks abandoned mid-parse by the real code compressor leave the process running', () => {
    // Before, a timed-out task's thread was terminated on the spot; inside tree-sitter's parse that
    // aborted the whole process ("terminate called after throwing an instance of 'Napi::Error'",
    // seen within six rounds). Run in a child process so an abort shows as its exit, not as a
    // crashed test runner.
    const script = fileURLToPath(new URL('./__fixtures__/native-timeouts.mjs', import.meta.url));
    const pool = fileURLToPath(new URL('../../dist/workers/worker-pool.js', import.meta.url));
    const code = fileURLToPath(import.meta.resolve('@headroom/compressor-code'));
    // TypeScript's own compiler (real third-party code; the fixture takes its first 2 MB): its parse outlasts the budgets below.
    const typescript = join(dirname(fileURLToPath(import.meta.resolve('typescript'))), 'typescript.js');
    const run = spawnSync(process.execPath, [script, pool, code, typescript, '12'], { encoding: 'utf8', timeout: 600_000 });
    expect(run.stderr).not.toMatch(/Napi::Error|FATAL/);
    expect(run.status).toBe(0);
    const lines = run.stdout.trim().split('\n');
    // The shorter budgets run out inside the parse; the longer ones may let the compressor decide to skip.
    expect(lines.slice(0, 12).filter((line) => line === 'failed:timeout').length).toBeGreaterThan(3);
    expect(lines.slice(0, 12).every((line) => line === 'failed:timeout' || line === 'skipped')).toBe(true);
    // The pool still runs a task to its end afterwards (whether the code compressor then compresses
    // or skips 200 KB of it depends on its own time limits, which a loaded machine can reach).
    expect(lines.slice(12)).toHaveLength(2);
    expect(lines[12]).toMatch(/^last (compressed|skipped)$/);
    expect(lines[13]).toBe('alive');
  });

  it('closes while a slot still waits for the fresh thread that replaces one already gone', async () => {
    const slowStartFile = join(dir, 'slow-start');
    const pool = await createWorkerPool({ compressors: [{ module: fixture, factory: 'busyCompressor', options: { slowStartFile } }], size: 1 });
    writeFileSync(slowStartFile, 'yes');
    // Past its deadline the napping task's thread is retired; it exits once the nap is over, while
    // its replacement takes 5 s to start. Closing in between once waited forever for an exit that had
    // already happened.
    const napped = await pool.run({ text: '{"a": "NAP"}', mode: 'lossless', deadline: Date.now() + 50, minConfidence: 0.3, compressorOptions: {} });
    expect(napped).toMatchObject({ type: 'failed', timeout: true });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await pool.close?.();
  });

  it('abandons a queued task at its deadline without starting it, and stops a running one', async () => {
    const pool = await createWorkerPool({ compressors: [{ module: fixture, factory: 'busyCompressor' }], size: 1 });
    try {
      const task = (text: string, deadline: number) => ({ text, mode: 'lossless' as const, deadline, minConfidence: 0.3, compressorOptions: {} });
      const spinning = pool.run(task('{"a": 1} SPIN', Date.now() + 300));
      const queued = pool.run(task('{"b": 2}', Date.now() + 200));
      expect(await queued).toMatchObject({ type: 'failed', timeout: true, reason: expect.stringMatching(/waiting for a free compression thread/) });
      expect(await spinning).toMatchObject({ type: 'failed', timeout: true, reason: expect.stringMatching(/thread was stopped/) });
      expect(await pool.run(task('{ "c" : 3 }', Date.now() + 60_000))).toMatchObject({ type: 'compressed', compressor: 'busy', text: '{"c":3}' });
    } finally {
      await pool.close?.();
    }
  });

  it('refuses at start a module whose factory does not make a compressor, and a mix of objects and modules', async () => {
    await expect(createWorkerPool({ compressors: [{ module: fixture }], size: 1 })).rejects.toMatchObject({ code: 'invalid_argument', message: expect.stringMatching(/did not give a v1 compressor/) });
    const { minifyJson } = await import('../internal/test-kit.js');
    await expect(startHarness({ compressors: [minifyJson, { module: fixture, factory: 'busyCompressor' }] as never })).rejects.toMatchObject({ code: 'invalid_argument' });
  });
});

describe('stand-ins of large texts', () => {
  it('never compresses or measures a stand-in whose registration is gone, and compresses one that is registered from its shared bytes', async () => {
    const texts = createSharedTexts();
    const pool = await createWorkerPool({ compressors: [{ module: fixture, factory: 'busyCompressor' }], size: 1, texts });
    try {
      const task = (text: string) => ({ text, mode: 'lossless' as const, deadline: Date.now() + 60_000, minConfidence: 0.3, compressorOptions: {} });
      const orphan = standInText('gone', 0);
      expect(await pool.run(task(orphan))).toMatchObject({ type: 'failed', reason: expect.stringMatching(/abandoned/) });
      await expect(pool.measure?.(orphan)).rejects.toThrow(/no longer held/);
      // Registered: the worker reads the JSON string at its span and sends the text back for the whole original.
      const json = bigJson(3, 200);
      const bytes = Buffer.from(`{"x":${JSON.stringify(json)}}`);
      const shared = Buffer.from(new SharedArrayBuffer(bytes.length));
      bytes.copy(shared);
      const held = standInText('held', 0);
      texts.add(held, { buffer: shared.buffer as SharedArrayBuffer, start: 5, end: bytes.length - 1, measure: measureText(json) });
      expect(await pool.run(task(held))).toMatchObject({ type: 'compressed', text: JSON.stringify(JSON.parse(json)) });
      expect(texts.original(held)).toBe(json);
      expect(await pool.measure?.(held)).toEqual(measureText(json));
    } finally {
      await pool.close?.();
    }
  });

  it('reads a registered text on a pool thread (a conversation step rewrites its slot), byte-exact, and refuses one whose registration is gone', async () => {
    const texts = createSharedTexts();
    const pool = await createWorkerPool({ compressors: [{ module: fixture, factory: 'busyCompressor' }], size: 1, texts });
    try {
      // Real text with escapes and non-ASCII: bash's CHANGES file and a line with a quote and a tab.
      const text = `${gunzipSync(readFileSync('/usr/share/doc/bash/CHANGES.gz')).toString('utf8').slice(0, 200_000)}\n"quoted"\tü€`;
      const bytes = Buffer.from(`{"x":${JSON.stringify(text)}}`);
      const shared = Buffer.from(new SharedArrayBuffer(bytes.length));
      bytes.copy(shared);
      const held = standInText('read', 0);
      texts.add(held, { buffer: shared.buffer as SharedArrayBuffer, start: 5, end: bytes.length - 1, measure: measureText(text) });
      expect(await pool.read(held)).toBe(text);
      await expect(pool.read(standInText('gone', 1))).rejects.toThrow(/no longer held/);
    } finally {
      await pool.close?.();
    }
  });
});

describe('background priority', () => {
  it('runs compression threads at a lower priority than the request thread (Linux)', async () => {
    const nice = () =>
      readdirSync('/proc/self/task').map((tid) => {
        const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
        // Fields after the command name (which may hold spaces): nice is the 19th field overall.
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
      });
    expect(process.platform).toBe('linux');
    const before = nice().filter((n) => n === BACKGROUND_NICE).length;
    const pool = await createWorkerPool({ compressors: [{ module: fixture, factory: 'busyCompressor' }], size: 2 });
    try {
      expect(nice().filter((n) => n === BACKGROUND_NICE).length).toBe(before + 2);
      expect(getPriority()).toBe(0);
    } finally {
      await pool.close?.();
    }
  });
});

describe('measuring on the pool', () => {
  it('gives the same hash, token estimate and marker flag as measuring here', async () => {
    const { measureText } = await import('@headroom/core');
    const pool = await createWorkerPool({ compressors: [{ module: fixture, factory: 'busyCompressor' }], size: 1 });
    try {
      for (const text of [bigJson(3, 2000), 'naïve 🚀 <<headroom: 3 rows omitted ref=0123456789abcdef01234567>> tail', '']) {
        expect(await pool.measure?.(text)).toEqual(measureText(text));
      }
    } finally {
      await pool.close?.();
    }
  });
});
