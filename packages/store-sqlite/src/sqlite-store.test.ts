import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type HeadroomStore, isHeadroomError, type LedgerEvent, summarizeLedger } from '@headroom/core';
import { storeContract } from '@headroom/core/testing';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { headroomHome } from './headroom-home.js';
import { createSqliteStore } from './sqlite-store.js';

const T = 'local';
/** A ledger time within the default 30-day retention (older rows are pruned on open). */
const RECENT = Date.now() - 1e8;
let dir: string;
const open: HeadroomStore[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'headroom-store-'));
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((store) => store.close()));
  rmSync(dir, { recursive: true, force: true });
});

function storeAt(path: string, options: Parameters<typeof createSqliteStore>[0] = {}): HeadroomStore {
  const store = createSqliteStore({ path, ...options });
  open.push(store);
  return store;
}

/** A second, raw connection: proves what is physically in the file, not what the store reports. */
function rawCount(path: string, table: string): number {
  const db = new Database(path, { readonly: true });
  try {
    return (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  } finally {
    db.close();
  }
}

function caught(work: () => unknown): unknown {
  try {
    work();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

const compression = (time: number, compressor = 'json'): LedgerEvent => ({
  type: 'compression',
  time,
  compressor,
  contentType: 'json',
  tokensBefore: 100,
  tokensAfter: 10,
  exact: true,
  source: 'cli',
});

describe('the store contract', () => {
  for (const c of storeContract((options) => storeAt(join(dir, 'contract.db'), options))) it(c.name, c.run);
});

describe('tenants in the file', () => {
  it('upgrades a version-1 file: its originals and memo become the local tenant\'s, the ledger is kept', async () => {
    const path = join(dir, 'v1.db');
    const db = new Database(path);
    db.exec(`
      CREATE TABLE originals (ref TEXT PRIMARY KEY NOT NULL, original NOT NULL, meta TEXT NOT NULL, created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL) WITHOUT ROWID;
      CREATE INDEX originals_expires_at ON originals (expires_at);
      CREATE TABLE memo (key TEXT PRIMARY KEY NOT NULL, entry TEXT NOT NULL, expires_at INTEGER NOT NULL) WITHOUT ROWID;
      CREATE INDEX memo_expires_at ON memo (expires_at);
      CREATE TABLE ledger (id INTEGER PRIMARY KEY AUTOINCREMENT, time INTEGER NOT NULL, type TEXT NOT NULL, event TEXT NOT NULL);
    `);
    const far = Date.now() + 3_600_000;
    db.prepare('INSERT INTO originals VALUES (?, ?, ?, ?, ?)').run('abc', 'kept from v1', '{"summary":"s"}', 1, far);
    db.prepare('INSERT INTO memo VALUES (?, ?, ?)').run('k', '{"text":"t","compressor":"c","contentType":"json","tokensBefore":2,"tokensAfter":1,"refs":[]}', far);
    db.prepare('INSERT INTO ledger (time, type, event) VALUES (?, ?, ?)').run(RECENT, 'compression', JSON.stringify(compression(RECENT)));
    db.pragma('user_version = 1');
    db.close();

    const store = storeAt(path);
    expect((await store.originals.get('local', 'abc'))?.original).toBe('kept from v1');
    expect(await store.originals.get('t-other', 'abc')).toBeUndefined();
    expect((await store.memo.get('local', 'k'))?.text).toBe('t');
    expect(await store.ledger.read()).toEqual([compression(RECENT)]);
  });

  it('keeps one row per tenant for the same ref', async () => {
    const path = join(dir, 'h.db');
    const store = storeAt(path);
    await store.originals.put('t-a', 'same', 'bytes', {});
    await store.originals.put('t-b', 'same', 'bytes', {});
    expect(rawCount(path, 'originals')).toBe(2);
  });
});

describe('originals', () => {
  it('round-trips strings byte-exact, including non-ASCII, no trailing newline, lone surrogates and empty', async () => {
    const store = storeAt(join(dir, 'h.db'));
    const samples = ['', 'plain', 'naïve café — 日本語 🚀 no newline', 'crlf\r\nline\r\n', 'lone \uD800 high and \uDC00 low', '\uFEFFbom', 'x'.repeat(300_000)];
    for (const [i, original] of samples.entries()) await store.originals.put(T, `ref${i}`, original, { summary: `s${i}` });
    for (const [i, original] of samples.entries()) {
      const stored = await store.originals.get(T, `ref${i}`);
      expect(stored?.original).toBe(original);
      expect(stored?.meta).toEqual({ summary: `s${i}` });
    }
    expect(await store.originals.get(T, 'missing')).toBeUndefined();
  });

  it('survives closing and reopening the file', async () => {
    const path = join(dir, 'h.db');
    const first = createSqliteStore({ path });
    await first.originals.put(T, 'abc', 'kept', { compressor: 'json', toolName: 'get_issues' });
    await first.close();
    const stored = await storeAt(path).originals.get(T, 'abc');
    expect(stored).toMatchObject({ ref: 'abc', original: 'kept', meta: { compressor: 'json', toolName: 'get_issues' } });
  });

  it('uses the default TTL of 24 h unless a TTL is given', async () => {
    let clock = 1_000_000;
    const store = storeAt(join(dir, 'h.db'), { now: () => clock });
    await store.originals.put(T, 'a', 'A', {});
    await store.originals.put(T, 'b', 'B', {}, 1000);
    expect((await store.originals.get(T, 'a'))?.expiresAt).toBe(1_000_000 + 24 * 60 * 60 * 1000);
    expect((await store.originals.get(T, 'b'))?.createdAt).toBe(1_000_000);
    clock += 1000;
    expect(await store.originals.get(T, 'b')).toBeUndefined();
    expect((await store.originals.get(T, 'a'))?.original).toBe('A');
  });

  it('hides an expired row from get before any purge has deleted it', async () => {
    const path = join(dir, 'h.db');
    let clock = 0;
    const store = storeAt(path, { now: () => clock, originalTtlMs: 50, purgeEvery: 1000 });
    await store.originals.put(T, 'a', 'A', {});
    clock = 50;
    expect(await store.originals.get(T, 'a')).toBeUndefined();
    expect(rawCount(path, 'originals')).toBe(1);
  });

  it('purges expired rows on open', async () => {
    const path = join(dir, 'h.db');
    const first = createSqliteStore({ path, now: () => 0, originalTtlMs: 10 });
    await first.originals.put(T, 'old', 'O', {});
    await first.originals.put(T, 'long', 'L', {}, 1_000_000);
    await first.memo.set(T, 'm', memoEntry, 10);
    await first.close();
    storeAt(path, { now: () => 100 });
    expect(rawCount(path, 'originals')).toBe(1);
    expect(rawCount(path, 'memo')).toBe(0);
  });

  it('purges expired rows every N writes', async () => {
    const path = join(dir, 'h.db');
    let clock = 0;
    const store = storeAt(path, { now: () => clock, originalTtlMs: 10, purgeEvery: 3 });
    await store.originals.put(T, 'a', 'A', {});
    await store.originals.put(T, 'b', 'B', {});
    clock = 100;
    expect(rawCount(path, 'originals')).toBe(2);
    await store.originals.put(T, 'c', 'C', {}); // third write: purge runs
    expect(rawCount(path, 'originals')).toBe(1);
    expect((await store.originals.get(T, 'c'))?.original).toBe('C');
  });

  it('deletes a bounded batch per periodic purge, and everything on open', async () => {
    const path = join(dir, 'h.db');
    let clock = 0;
    const store = createSqliteStore({ path, now: () => clock, originalTtlMs: 10, purgeEvery: 700 });
    for (let i = 0; i < 699; i++) await store.originals.put(T, `old${i}`, 'O', {});
    clock = 100;
    await store.originals.put(T, 'new', 'N', {}, 1000); // 700th write: purge runs, 500 rows at most
    expect(rawCount(path, 'originals')).toBe(699 - 500 + 1);
    await store.close();
    storeAt(path, { now: () => clock });
    expect(rawCount(path, 'originals')).toBe(1);
  });

  it('a second put of the same ref never shortens its life', async () => {
    let clock = 0;
    const store = storeAt(join(dir, 'h.db'), { now: () => clock });
    await store.originals.put(T, 'a', 'A', { summary: 'first' }, 1000);
    await store.originals.put(T, 'a', 'A', { summary: 'second' }, 10);
    clock = 500;
    expect(await store.originals.get(T, 'a')).toMatchObject({ original: 'A', meta: { summary: 'second' }, expiresAt: 1000 });
  });

  it('touch extends live originals and names the ones already gone', async () => {
    let clock = 0;
    const store = storeAt(join(dir, 'h.db'), { now: () => clock });
    await store.originals.put(T, 'live', 'L', {}, 1000);
    await store.originals.put(T, 'dead', 'D', {}, 100);
    clock = 500;
    expect(await store.originals.touch(T, ['live', 'dead', 'never'], 2000)).toEqual(['dead', 'never']);
    clock = 2400;
    expect(await store.originals.get(T, 'live')).toMatchObject({ original: 'L', expiresAt: 2500 });
    expect(await store.originals.touch(T, ['live'], 10)).toEqual([]);
    expect((await store.originals.get(T, 'live'))?.expiresAt).toBe(2500);
  });
});

const memoEntry = { text: 'short', compressor: 'json', contentType: 'json', tokensBefore: 50, tokensAfter: 5, refs: ['r1', 'r2'] };

describe('memo', () => {
  it('round-trips entries and expires them', async () => {
    let clock = 0;
    const store = storeAt(join(dir, 'h.db'), { now: () => clock });
    await store.memo.set(T, 'k', memoEntry, 100);
    expect(await store.memo.get(T, 'k')).toEqual(memoEntry);
    expect(await store.memo.get(T, 'other')).toBeUndefined();
    clock = 100;
    expect(await store.memo.get(T, 'k')).toBeUndefined();
  });

  it('keeps entries 48 h by default', async () => {
    let clock = 0;
    const store = storeAt(join(dir, 'h.db'), { now: () => clock });
    await store.memo.set(T, 'k', memoEntry);
    clock = 48 * 60 * 60 * 1000 - 1;
    expect(await store.memo.get(T, 'k')).toEqual(memoEntry);
    clock += 1;
    expect(await store.memo.get(T, 'k')).toBeUndefined();
  });
});

describe('ledger', () => {
  it('reads events back in append order, filtered by since and type', async () => {
    const store = storeAt(join(dir, 'h.db'));
    const events: LedgerEvent[] = [
      compression(300, 'json'),
      { type: 'retrieval', time: 100, ref: 'abc', found: true, source: 'cli' },
      compression(200, 'logs'),
      {
        type: 'request',
        time: 400,
        provider: 'anthropic',
        model: 'claude',
        route: '/v1/messages',
        status: 200,
        tokensBefore: 10,
        tokensAfter: 5,
        addedLatencyMs: 3,
        usage: { inputTokens: 5 },
      },
    ];
    for (const event of events) await store.ledger.append(event);
    expect(await store.ledger.read()).toEqual(events);
    expect(await store.ledger.read({ type: 'compression' })).toEqual([events[0], events[2]]);
    expect(await store.ledger.read({ since: 200 })).toEqual([events[0], events[2], events[3]]);
    expect(await store.ledger.read({ since: 250, type: 'compression' })).toEqual([events[0]]);
    expect(await store.ledger.read({ type: 'request', since: 401 })).toEqual([]);
  });

  it('stores each event as JSON text next to indexed time and type columns', async () => {
    const path = join(dir, 'h.db');
    await storeAt(path).ledger.append(compression(42));
    const db = new Database(path, { readonly: true });
    const row = db.prepare('SELECT time, type, event FROM ledger').get() as { time: number; type: string; event: string };
    const indexes = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'ledger'").all() as { name: string }[]).map((r) => r.name);
    db.close();
    expect(row).toEqual({ time: 42, type: 'compression', event: JSON.stringify(compression(42)) });
    expect(indexes).toEqual(expect.arrayContaining(['ledger_time', 'ledger_type_time']));
  });
});

describe('file and location', () => {
  it('puts headroom.db under the home option, creating the folder, in WAL mode', async () => {
    const home = join(dir, 'nested', 'home');
    const store = createSqliteStore({ home });
    open.push(store);
    await store.ledger.append(compression(1));
    const db = new Database(join(home, 'headroom.db'), { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('creates the file and its folder readable by the owner only', async () => {
    const home = join(dir, 'private');
    const store = createSqliteStore({ home });
    open.push(store);
    await store.originals.put(T, 'a', 'secret', {});
    expect(statSync(home).mode & 0o777).toBe(0o700);
    expect(statSync(join(home, 'headroom.db')).mode & 0o777).toBe(0o600);
    expect(statSync(join(home, 'headroom.db-wal')).mode & 0o777).toBe(0o600);
  });

  it('headroomHome honours HEADROOM_HOME and falls back to ~/.headroom', () => {
    expect(headroomHome({ HEADROOM_HOME: '/srv/headroom' })).toBe('/srv/headroom');
    expect(headroomHome({ HEADROOM_HOME: '  ' })).toMatch(/\.headroom$/);
    expect(headroomHome({})).toMatch(/\.headroom$/);
  });

  it('a garbage file is store_corrupt, naming the path', () => {
    const path = join(dir, 'garbage.db');
    writeFileSync(path, 'this is not a database, just some text '.repeat(200));
    const error = caught(() => createSqliteStore({ path }));
    expect(isHeadroomError(error) && error.code).toBe('store_corrupt');
    expect((error as Error).message).toContain(path);
  });

  it('a path under a regular file is store_unavailable, naming the path', () => {
    const file = join(dir, 'plain-file');
    writeFileSync(file, 'x');
    const path = join(file, 'headroom.db');
    const error = caught(() => createSqliteStore({ path }));
    expect(isHeadroomError(error) && error.code).toBe('store_unavailable');
    expect((error as Error).message).toContain(path);
  });

  it('a path in /proc is store_unavailable', () => {
    const error = caught(() => createSqliteStore({ path: '/proc/headroom-test/headroom.db' }));
    expect(isHeadroomError(error) && error.code).toBe('store_unavailable');
    expect((error as Error).message).toContain('/proc/headroom-test/headroom.db');
  });

  it('refuses a file written by a newer schema rather than misreading it', () => {
    const path = join(dir, 'future.db');
    const db = new Database(path);
    db.pragma('user_version = 99');
    db.close();
    const error = caught(() => createSqliteStore({ path }));
    expect(isHeadroomError(error) && error.code).toBe('store_unavailable');
    expect((error as Error).message).toMatch(/schema version 99/);
  });

  it('rejects every call after close with store_unavailable', async () => {
    const store = createSqliteStore({ path: join(dir, 'h.db') });
    await store.close();
    await store.close();
    await expect(store.originals.get(T, 'a')).rejects.toMatchObject({ code: 'store_unavailable' });
    await expect(store.ledger.append(compression(1))).rejects.toMatchObject({ code: 'store_unavailable' });
  });

  it('validates options once', () => {
    expect(caught(() => createSqliteStore({ path: ':memory:', originalTtlMs: -1 }))).toMatchObject({ code: 'invalid_argument' });
    expect(caught(() => createSqliteStore({ path: ':memory:', busyTimeoutMs: Number.NaN }))).toMatchObject({ code: 'invalid_argument' });
  });
});

describe('several processes at once', () => {
  const distIndex = pathToFileURL(resolve(fileURLToPath(import.meta.url), '../../dist/index.js')).href;

  function writer(path: string, id: number, count: number): Promise<{ code: number | null; stderr: string }> {
    const script = `
      import { createSqliteStore } from ${JSON.stringify(distIndex)};
      const store = createSqliteStore({ path: ${JSON.stringify(path)} });
      for (let i = 0; i < ${count}; i++) {
        await store.originals.put('local', 'w${id}-' + i, 'original ${id} ' + i + ' é', { summary: 'row' });
        await store.ledger.append({ type: 'compression', time: ${RECENT} + ${id} * 1e6 + i, compressor: 'w${id}', contentType: 'json', tokensBefore: 2, tokensAfter: 1, exact: true });
      }
      await store.close();
    `;
    return new Promise((done) => {
      const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('close', (code) => done({ code, stderr }));
    });
  }

  it('lets four child processes create and write one fresh file concurrently without losing a row', async () => {
    const path = join(dir, 'shared', 'headroom.db');
    const writers = 4;
    const count = 150;
    const results = await Promise.all(Array.from({ length: writers }, (_, id) => writer(path, id, count)));
    expect(results).toEqual(Array.from({ length: writers }, () => ({ code: 0, stderr: '' })));

    const store = storeAt(path);
    const events = await store.ledger.read({ type: 'compression' });
    expect(events).toHaveLength(writers * count);
    for (let id = 0; id < writers; id++) {
      const mine = events.filter((e) => e.type === 'compression' && e.compressor === `w${id}`).map((e) => e.time);
      // Each writer's rows keep that writer's append order.
      expect(mine).toEqual(Array.from({ length: count }, (_, i) => RECENT + id * 1e6 + i));
      expect((await store.originals.get(T, `w${id}-${count - 1}`))?.original).toBe(`original ${id} ${count - 1} é`);
    }
    expect(rawCount(path, 'originals')).toBe(writers * count);
  });
});

describe('ledger totals and retention', () => {
  it('keeps summary() equal to summarizeLedger over rows appended by another connection, and after a prune elsewhere', async () => {
    const path = join(dir, 'totals.db');
    const store = storeAt(path);
    const other = storeAt(path);
    for (let i = 0; i < 20; i++) await store.ledger.append(compression(RECENT + i, i % 2 ? 'json' : 'logs'));
    expect(await store.ledger.summary?.()).toEqual(summarizeLedger(await store.ledger.read()));
    for (let i = 20; i < 30; i++) await other.ledger.append(compression(RECENT + i, 'code'));
    expect(await store.ledger.summary?.()).toEqual(summarizeLedger(await store.ledger.read()));
    expect(await other.ledger.prune?.(RECENT + 10)).toBe(10);
    expect(await store.ledger.summary?.()).toEqual(summarizeLedger(await store.ledger.read()));
    expect((await store.ledger.read()).length).toBe(20);
  });

  it('prunes rows past ledgerRetentionMs on open, and keeps everything with Infinity', async () => {
    const path = join(dir, 'retention.db');
    const writer = storeAt(path, { ledgerRetentionMs: Number.POSITIVE_INFINITY });
    const old = Date.now() - 40 * 86_400_000;
    await writer.ledger.append(compression(old));
    await writer.ledger.append(compression(RECENT));
    await writer.close();
    expect(rawCount(path, 'ledger')).toBe(2);
    storeAt(path, { ledgerRetentionMs: Number.POSITIVE_INFINITY });
    expect(rawCount(path, 'ledger')).toBe(2);
    const store = storeAt(path);
    expect(await store.ledger.read()).toEqual([compression(RECENT)]);
  });
});
