import { spawn, spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTokenizer, refOf, tenantOf } from '@headroom/core';
import { PROXY_NODE_FLAGS } from '@headroom/proxy/config';
import { createSqliteStore } from '@headroom/store-sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CompressJson } from './commands/compress.js';

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(packageDir, 'dist', 'bin.js');
const sample = join(packageDir, 'samples', 'github-issues.json');

// A self-contained plugin (no imports): keeps the first line, offloads the rest behind a marker.
const PLUGIN = `
export default () => ({
  specificationVersion: 'v1',
  name: 'head',
  contentTypes: ['text'],
  detect: (input) => (input.startsWith('HEAD') ? 0.9 : 0),
  compress(input, context) {
    const cut = input.indexOf('\\n');
    if (cut < 0) return { type: 'skipped', reason: 'one line' };
    const rest = input.slice(cut + 1);
    return { type: 'compressed', text: input.slice(0, cut + 1) + context.offload(rest, { summary: rest.split('\\n').length + ' lines omitted' }) };
  },
});
`;

// Non-ASCII, CRLF in the middle, and no trailing newline: all must come back byte for byte.
const INPUT = `HEAD Überschrift — 日本語 🚀\n${Array.from({ length: 120 }, (_, i) => `ligne ${i}: données ✓ naïve café`).join('\n')}\r\nfin sans retour`;

let dir: string;
let home: string;
let plugin: string;
let inputFile: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'headroom-cli-'));
  home = join(dir, 'home');
  plugin = join(dir, 'head-plugin.mjs');
  inputFile = join(dir, 'input.txt');
  writeFileSync(plugin, PLUGIN);
  writeFileSync(inputFile, INPUT);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  code: number | null;
  stdout: Buffer;
  out: string;
  err: string;
}

function headroom(args: string[], options: { input?: string | Buffer; env?: Record<string, string>; cwd?: string } = {}): Run {
  const result = spawnSync(process.execPath, [bin, ...args], {
    input: options.input ?? '',
    cwd: options.cwd ?? dir,
    env: { ...process.env, HEADROOM_HOME: home, INIT_CWD: dir, ...options.env },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: result.status, stdout: result.stdout, out: result.stdout.toString('utf8'), err: result.stderr.toString('utf8') };
}

/** One line on stderr, no stack trace. */
function expectOneLineError(run: Run, code: number): void {
  expect(run.code).toBe(code);
  expect(run.err).toMatch(/^headroom: [^\n]+\n$/);
  expect(run.err).not.toMatch(/\n\s+at /);
}

describe('headroom compress → retrieve across processes', () => {
  it('compresses in one process and retrieves byte-exact in another', () => {
    const compress = headroom(['compress', inputFile, '--json', '--plugin', plugin]);
    expect(compress.code).toBe(0);
    const json = JSON.parse(compress.out) as CompressJson;
    expect(json).toMatchObject({ compressed: true, compressor: 'head', warnings: [] });
    expect(Object.keys(json)).toEqual(expect.arrayContaining(['text', 'compressor', 'tokensBefore', 'tokensAfter', 'markers', 'ref']));
    expect(json.tokensBefore).toBe(createTokenizer({ encoding: 'o200k_base' }).count(INPUT));
    expect(json.tokensAfter).toBeLessThan(json.tokensBefore);
    expect(json.ref).toMatch(/^[0-9a-f]{24}$/);
    expect(json.markers).toHaveLength(1);
    expect(json.text).toContain(`ref=${json.markers[0]!.ref}>>`);

    const whole = headroom(['retrieve', json.ref!]);
    expect(whole.code).toBe(0);
    expect(whole.stdout.equals(Buffer.from(INPUT, 'utf8'))).toBe(true);

    const part = headroom(['retrieve', json.markers[0]!.ref]);
    expect(part.out).toBe(INPUT.slice(INPUT.indexOf('\n') + 1));
    // The visible text plus the retrieved part rebuild the input.
    expect(json.text.replace(/<<headroom: [^>]*>>/, part.out)).toBe(INPUT);
  });

  it('accepts a whole pasted marker as the ref', () => {
    const json = JSON.parse(headroom(['compress', inputFile, '--json', '--plugin', plugin]).out) as CompressJson;
    const marker = json.text.slice(json.text.indexOf('<<headroom:'));
    expect(headroom(['retrieve', marker]).out).toBe(INPUT.slice(INPUT.indexOf('\n') + 1));
  });

  it('prints the compressed text on stdout and one summary line on stderr; --quiet silences it', () => {
    const run = headroom(['compress', inputFile, '--plugin', plugin]);
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/^HEAD Überschrift — 日本語 🚀\n<<headroom: \d+ lines omitted ref=[0-9a-f]{24}>>$/);
    expect(run.err).toMatch(/^headroom: head [\d,]+ → [\d,]+ tokens \(−\d+\.\d%\), 1 marker; full original: headroom retrieve [0-9a-f]{24}\n$/);
    const quiet = headroom(['compress', inputFile, '--plugin', plugin, '--quiet']);
    expect(quiet.err).toBe('');
    expect(quiet.out).toBe(run.out);
  });

  it('reads stdin with "-" or no FILE, and resolves a relative FILE against INIT_CWD', () => {
    const fromFile = headroom(['compress', inputFile, '--plugin', plugin, '-q']).out;
    expect(headroom(['compress', '-', '--plugin', plugin, '-q'], { input: INPUT }).out).toBe(fromFile);
    expect(headroom(['compress', '--plugin', plugin, '-q'], { input: INPUT }).out).toBe(fromFile);
    expect(headroom(['compress', 'input.txt', '--plugin', 'head-plugin.mjs', '-q'], { cwd: '/', env: { INIT_CWD: dir } }).out).toBe(fromFile);
  });

  it('with --lossless nothing is omitted: the input passes through and the reason is reported', () => {
    const run = headroom(['compress', inputFile, '--json', '--lossless', '--plugin', plugin, '--compressor', 'head']);
    const json = JSON.parse(run.out) as CompressJson;
    expect(json).toMatchObject({ compressed: false, text: INPUT, ref: null, markers: [], compressor: null });
    expect(json.reason).toMatch(/offload is not allowed in lossless mode/);
  });

  it("retrieves an original a proxy client's tenant stored: the local user reads every tenant of their store", async () => {
    const tenantHome = join(dir, 'tenant-home');
    const store = createSqliteStore({ home: tenantHome });
    const original = 'stored by a proxy client\nsecond line é';
    await store.originals.put(tenantOf('key:sk-client'), refOf(original), original, { summary: 'whole original' });
    await store.close();
    const run = headroom(['retrieve', refOf(original)], { env: { HEADROOM_HOME: tenantHome } });
    expect(run.code).toBe(0);
    expect(run.out).toBe(original);
  });

  it('records compressions and retrievals that headroom stats reports', () => {
    const statsHome = join(dir, 'stats-home');
    const env = { HEADROOM_HOME: statsHome };
    const json = JSON.parse(headroom(['compress', inputFile, '--json', '--plugin', plugin], { env }).out) as CompressJson;
    headroom(['retrieve', json.ref!], { env });
    headroom(['retrieve', 'ffffffffffffffffffffffff'], { env });

    const stats = headroom(['stats', '--json'], { env });
    expect(stats.code).toBe(0);
    const figures = JSON.parse(stats.out);
    expect(figures.compression).toMatchObject({ events: 1, tokensBefore: json.tokensBefore, tokensAfter: json.tokensAfter, estimatedEvents: 0 });
    // The CLI records no model calls: its headline tokens are its compressions'.
    expect(figures.tokens).toMatchObject({ before: json.tokensBefore, after: json.tokensAfter });
    expect(Object.keys(figures.by.compressor)).toEqual(['head']);
    expect(figures.by.contentType.text.events).toBe(1);
    expect(figures.series).toHaveLength(1);
    expect(figures.retrievals).toMatchObject({ count: 2, found: 1, missed: 1, byCompressor: { head: { compressions: 1, retrievals: 1, rate: 1 } } });
    expect(figures.requests.count).toBe(0);
    expect(figures.dollars).toMatchObject({ saved: 0, unpricedTokensSaved: json.tokensBefore - json.tokensAfter });

    expect(JSON.parse(headroom(['stats', '--json', '--since', '1h'], { env }).out).compression.events).toBe(1);
    expect(JSON.parse(headroom(['stats', '--json', '--since', '2999-01-01'], { env }).out).compression.events).toBe(0);

    const table = headroom(['stats'], { env });
    expect(table.code).toBe(0);
    for (const heading of ['Summary', 'By compressor', 'By tool', 'By model', 'Over time (UTC), tokens saved']) {
      expect(table.out).toContain(`\n${heading}`);
    }
    expect(headroom(['stats', '--by', 'tenant'], { env }).out).toContain('\nBy tenant\n');
    expectOneLineError(headroom(['stats', '--by', 'colour'], { env }), 2);
    expect(table.out).toMatch(/\n {2}head +1 +[\d,]+ +[\d,]+ +[\d,]+ +−\d+\.\d% +1 +100\.0%\n/);
  });

  it('prunes ledger rows older than --older-than, and stats no longer counts them', () => {
    const pruneHome = join(dir, 'prune-home');
    const env = { HEADROOM_HOME: pruneHome };
    headroom(['compress', inputFile, '--json', '--plugin', plugin], { env });
    expect(JSON.parse(headroom(['stats', '--json'], { env }).out).compression.events).toBe(1);
    // Nothing is older than 30 days (the default), so nothing goes.
    expect(headroom(['prune'], { env }).out).toMatch(/^headroom: pruned 0 ledger rows older than 30d \(before \d{4}-/);
    // A date in the future takes every row.
    const all = headroom(['prune', '--older-than', '2999-01-01'], { env });
    expect(all).toMatchObject({ code: 0 });
    expect(all.out).toMatch(/^headroom: pruned 1 ledger row older than 2999-01-01/);
    expect(JSON.parse(headroom(['stats', '--json'], { env }).out).compression.events).toBe(0);
    expectOneLineError(headroom(['prune', '--older-than', 'a while'], { env }), 2);
  });
});

describe('the shipped sample with the installed compressors', () => {
  it('gives a well-formed result whose originals are retrievable', () => {
    const bytes = readFileSync(sample);
    const run = headroom(['compress', sample, '--json']);
    expect(run.code).toBe(0);
    const json = JSON.parse(run.out) as CompressJson;
    expect(json.tokensBefore).toBe(createTokenizer({ encoding: 'o200k_base' }).count(bytes.toString('utf8')));
    expect(json.tokensAfter).toBeLessThanOrEqual(json.tokensBefore);
    if (json.compressed) {
      expect(headroom(['retrieve', json.ref!]).stdout.equals(bytes)).toBe(true);
      for (const marker of json.markers) expect(headroom(['retrieve', marker.ref]).code).toBe(0);
    } else {
      expect(json.text).toBe(bytes.toString('utf8'));
      expect(json.ref).toBeNull();
    }
  });
});

describe('errors and usage', () => {
  it('prints the version and help for every verb', () => {
    const version = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')).version;
    for (const flag of ['--version', '-v', '-V']) expect(headroom([flag]).out).toBe(`${version}\n`);
    for (const verb of ['compress', 'retrieve', 'stats', 'proxy']) {
      const help = headroom([verb, '--help']);
      expect(help.code).toBe(0);
      expect(help.out).toContain(`Usage: headroom ${verb}`);
    }
  });

  it('exits 2 with one line for usage errors', () => {
    expectOneLineError(headroom(['compress', inputFile, '--compressor', 'nope']), 2);
    expect(headroom(['compress', inputFile, '--compressor', 'nope']).err).toMatch(/unknown compressor "nope" \(installed: [a-z, -]+\)/);
    expectOneLineError(headroom(['compress', '--no-such-flag']), 2);
    expectOneLineError(headroom(['frobnicate']), 2);
    expectOneLineError(headroom(['retrieve', 'not-a-ref']), 2);
    expectOneLineError(headroom(['retrieve']), 2);
    expectOneLineError(headroom(['proxy', '--port', '70000']), 2);
    expectOneLineError(headroom(['stats', '--since', 'last tuesday']), 2);
    expectOneLineError(headroom(['compress', inputFile, '--plugin', plugin, '--plugin', plugin]), 2);
    expectOneLineError(headroom(['proxy', '--host', '0.0.0.0']), 2);
    expectOneLineError(headroom(['compress', inputFile, '--plugin', join(dir, 'missing.mjs')]), 2);
    const directory = headroom(['compress', dir]);
    expectOneLineError(directory, 2);
    expect(directory.err).toContain(`${dir} is a directory`);
  });

  it('says an empty input is empty, and passes it through', () => {
    const empty = join(dir, 'empty.txt');
    writeFileSync(empty, '');
    for (const args of [['compress', empty], ['compress', '-']]) {
      const run = headroom(args, { input: '' });
      expect(run.code).toBe(0);
      expect(run.out).toBe('');
      expect(run.err).toBe('headroom: not compressed (the input is empty); 0 tokens passed through unchanged\n');
    }
  });

  it('exits 1 with one line for failures', () => {
    const unknown = headroom(['retrieve', '0123456789abcdef01234567']);
    expectOneLineError(unknown, 1);
    expect(unknown.stdout.length).toBe(0);
    expectOneLineError(headroom(['compress', join(dir, 'no-such-file.json')]), 1);
    const binary = join(dir, 'binary.bin');
    writeFileSync(binary, Buffer.from([0x48, 0x49, 0xff, 0xfe, 0x00, 0x80]));
    expect(headroom(['compress', binary]).err).toMatch(/is not UTF-8 text/);
    expectOneLineError(headroom(['compress', binary]), 1);
  });

  it('reports a failed write to stdout in one line (a full disk)', () => {
    const full = openSync('/dev/full', 'w');
    try {
      const result = spawnSync(process.execPath, [bin, 'compress', inputFile, '--plugin', plugin, '-q'], {
        stdio: ['ignore', full, 'pipe'],
        env: { ...process.env, HEADROOM_HOME: home },
      });
      expect(result.status).toBe(1);
      expect(result.stderr.toString()).toMatch(/^headroom: cannot write output: ENOSPC[^\n]*\n$/);
    } finally {
      closeSync(full);
    }
  });

  it('names the file when the store is corrupt or cannot be created', () => {
    const corruptHome = join(dir, 'corrupt-home');
    const garbage = join(corruptHome, 'headroom.db');
    rmSync(corruptHome, { recursive: true, force: true });
    headroom(['stats'], { env: { HEADROOM_HOME: corruptHome } });
    writeFileSync(garbage, 'not sqlite at all '.repeat(500));
    const corrupt = headroom(['stats'], { env: { HEADROOM_HOME: corruptHome } });
    expectOneLineError(corrupt, 1);
    expect(corrupt.err).toContain(garbage);

    const blocker = join(dir, 'a-regular-file');
    writeFileSync(blocker, 'x');
    const unavailable = headroom(['compress', inputFile, '--plugin', plugin], { env: { HEADROOM_HOME: join(blocker, 'home') } });
    expectOneLineError(unavailable, 1);
    expect(unavailable.err).toContain(join(blocker, 'home', 'headroom.db'));
  });

  it('ends quietly with exit 0 when the reader closes the pipe early', async () => {
    const big = join(dir, 'big.txt');
    writeFileSync(big, 'line of text that will not be compressed losslessly\n'.repeat(100_000));
    const child = spawn(process.execPath, [bin, 'compress', big, '--lossless', '-q'], { env: { ...process.env, HEADROOM_HOME: home } });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise((done) => child.on('close', done));
    expect(code).toBe(0);
    expect(stderr).toBe('');
  });
});

describe('how the installed command starts node', () => {
  it("passes the proxy's node flags, which this node accepts", () => {
    // `headroom proxy` is started through this line (`headroom wrap` passes the same flags itself).
    const firstLine = readFileSync(bin, 'utf8').split('\n', 1)[0];
    expect(firstLine).toBe(`#!/usr/bin/env -S node ${PROXY_NODE_FLAGS.join(' ')}`);
    const run = spawnSync(process.execPath, [...PROXY_NODE_FLAGS, bin, '--version'], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });
});
