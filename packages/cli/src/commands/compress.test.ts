import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Compressor, compressed, type HeadroomStore, LOCAL_TENANT, skipped } from '@headroom/core';
import { createSqliteStore } from '@headroom/store-sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CliIo, CliOutput } from '../cli-io.js';
import { runCli } from '../run-cli.js';
import type { CompressJson } from './compress.js';

/** Keeps the first line visible and offloads the rest. */
const firstLine: Compressor = {
  specificationVersion: 'v1',
  name: 'first-line',
  contentTypes: ['text'],
  detect: () => 1,
  compress(input, context) {
    const cut = input.indexOf('\n');
    if (cut < 0) return skipped('one line');
    return compressed(input.slice(0, cut + 1) + context.offload(input.slice(cut + 1), { summary: 'rest omitted' }));
  },
};

function sink(): CliOutput & { text(): string } {
  const chunks: Buffer[] = [];
  return {
    write(chunk, callback) {
      chunks.push(Buffer.from(chunk));
      callback?.();
      return true;
    },
    text: () => Buffer.concat(chunks).toString('utf8'),
  };
}

function io(options: { stdin?: string; tty?: boolean; cwd: string }) {
  const stdout = sink();
  const stderr = sink();
  const value: CliIo = {
    stdout,
    stderr,
    readStdin: async () => Buffer.from(options.stdin ?? ''),
    stdinIsTty: options.tty ?? false,
    env: {},
    cwd: options.cwd,
  };
  return { io: value, stdout, stderr };
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'headroom-compress-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const INPUT = `title line\n${'a row of data that repeats\n'.repeat(50)}`;
const HOUR = 60 * 60 * 1000;

describe('runCompress in-process', () => {
  it('recompresses when a memo hit points at originals that have expired', async () => {
    let clock = Date.UTC(2026, 0, 1);
    const path = join(dir, 'h.db');
    const deps = {
      openStore: (): HeadroomStore => createSqliteStore({ path, now: () => clock }),
      storeLocation: path,
      loadCompressors: async () => ({ compressors: [firstLine], warnings: [] }),
    };
    const run = async () => {
      const t = io({ stdin: INPUT, cwd: dir });
      expect(await runCli(['compress', '--json'], t.io, deps)).toBe(0);
      return JSON.parse(t.stdout.text()) as CompressJson;
    };
    const retrievable = async (ref: string) => {
      const store = deps.openStore();
      try {
        return (await store.originals.get(LOCAL_TENANT, ref))?.original;
      } finally {
        await store.close();
      }
    };

    const first = await run();
    expect(first.compressed).toBe(true);
    // Past the originals' 24 h but inside the memo's 48 h: the memo alone would hand back dead refs.
    clock += 30 * HOUR;
    expect(await retrievable(first.ref!)).toBeUndefined();
    const second = await run();
    expect(second.text).toBe(first.text);
    expect(await retrievable(second.ref!)).toBe(INPUT);
    expect(await retrievable(second.markers[0]!.ref)).toBe(INPUT.slice(INPUT.indexOf('\n') + 1));
  });

  it('refuses to wait on a terminal when there is no FILE and nothing piped', async () => {
    const t = io({ tty: true, cwd: dir });
    const code = await runCli(['compress'], t.io, { openStore: () => createSqliteStore({ path: ':memory:' }), loadCompressors: async () => ({ compressors: [], warnings: [] }) });
    expect(code).toBe(2);
    expect(t.stderr.text()).toMatch(/^headroom: no input: give a FILE, or pipe text on stdin/);
  });

  it('says on a terminal what it is working on once an input takes longer than a second', async () => {
    // Resolves only after the progress timer's second: timers fire in order, whatever the load.
    const slow: Compressor = { ...firstLine, name: 'slow', compress: async (input, context) => (await new Promise((r) => setTimeout(r, 1500)), firstLine.compress(input, context)) };
    const t = io({ stdin: INPUT, cwd: dir });
    const deps = { openStore: () => createSqliteStore({ path: ':memory:' }), loadCompressors: async () => ({ compressors: [slow], warnings: [] }) };
    expect(await runCli(['compress', '-'], { ...t.io, stderrIsTty: true }, deps)).toBe(0);
    expect(t.stderr.text()).toMatch(new RegExp(`^headroom: compressing stdin \\(${Buffer.byteLength(INPUT) / 1000 | 0} KB\\)\u2026\nheadroom: took \\d+\\.\\d s\nheadroom: slow `));
    const quiet = io({ stdin: INPUT, cwd: dir });
    expect(await runCli(['compress', '-', '--json'], { ...quiet.io, stderrIsTty: true }, deps)).toBe(0);
    expect(quiet.stderr.text()).toBe('');
    // Not at a terminal (a log, a pipe): the summary line alone.
    const logged = io({ stdin: INPUT, cwd: dir });
    expect(await runCli(['compress', '-'], logged.io, deps)).toBe(0);
    expect(logged.stderr.text()).toMatch(/^headroom: slow [^\n]+\n$/);
  });

  it('reports load warnings and why nothing was compressed', async () => {
    writeFileSync(join(dir, 'one-line.txt'), 'only one line');
    const t = io({ cwd: dir });
    const code = await runCli(['compress', 'one-line.txt'], t.io, {
      openStore: () => createSqliteStore({ path: ':memory:' }),
      loadCompressors: async () => ({ compressors: [firstLine], warnings: ['@headroom/compressor-code is installed but failed to load (boom); skipped'] }),
    });
    expect(code).toBe(0);
    expect(t.stdout.text()).toBe('only one line');
    expect(t.stderr.text()).toBe(
      'headroom: warning: @headroom/compressor-code is installed but failed to load (boom); skipped\n' +
        'headroom: not compressed (first-line: one line); 3 tokens passed through unchanged\n',
    );
  });
});
