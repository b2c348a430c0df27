import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type HeadroomStore, LOCAL_TENANT } from '@headroom/core';
import { storeContract } from '@headroom/core/testing';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSqliteWorkerStore } from './sqlite-worker-store.js';

let dir: string;
const open: HeadroomStore[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'headroom-worker-store-'));
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((store) => store.close()));
  rmSync(dir, { recursive: true, force: true });
});

async function storeAt(path: string, options: Parameters<typeof createSqliteWorkerStore>[0] = {}): Promise<HeadroomStore> {
  const store = await createSqliteWorkerStore({ path, ...options });
  open.push(store);
  return store;
}

describe('SQLite store on a worker thread: the store contract', () => {
  for (const c of storeContract((options) => storeAt(join(dir, 'contract.db'), options))) it(c.name, c.run);
});

describe('SQLite store on a worker thread', () => {
  it('writes ledger rows appended together (sent as one batch) in append order, and a read made after them sees them all', async () => {
    const path = join(dir, 'batch.db');
    const store = await storeAt(path);
    const row = (i: number) => ({ type: 'request' as const, time: 1_000 + i, source: 'proxy', provider: 'anthropic' as const, model: 'm', route: '/v1/messages', status: 200, tokensBefore: i, tokensAfter: i, addedLatencyMs: 0 });
    // Not awaited one by one: a proxy appends from many requests in the same turn.
    const appended = Array.from({ length: 50 }, (_, i) => store.ledger.append(row(i)));
    const read = store.ledger.read({ type: 'request' });
    expect((await read).map((e) => (e.type === 'request' ? e.tokensBefore : -1))).toEqual(Array.from({ length: 50 }, (_, i) => i));
    await Promise.all(appended);
    // And in the file itself, for any other process.
    const db = new Database(path, { readonly: true });
    try {
      expect(db.prepare('SELECT count(*) AS n FROM ledger').get()).toEqual({ n: 50 });
    } finally {
      db.close();
    }
  });

  it('answers reads sent in the same turn as a write that waits on a lock before that write gives up', async () => {
    const path = join(dir, 'mixed-batch.db');
    const store = await storeAt(path, { busyTimeoutMs: 60_000, callTimeoutMs: 1000 });
    await store.originals.put(LOCAL_TENANT, 'kept', 'x', {});
    const locker = new Database(path);
    locker.exec('BEGIN IMMEDIATE');
    try {
      let writeSettled = false;
      const read = store.originals.get(LOCAL_TENANT, 'kept');
      const write = store.originals.put(LOCAL_TENANT, 'blocked', 'y', {}).finally(() => {
        writeSettled = true;
      });
      const another = store.memo.get(LOCAL_TENANT, 'nothing');
      expect((await read)?.original).toBe('x');
      expect(writeSettled).toBe(false);
      await expect(write).rejects.toMatchObject({ code: 'store_unavailable' });
      // A read sent behind the stuck write waits for it, as calls to one thread always did.
      await another.catch(() => undefined);
    } finally {
      locker.exec('ROLLBACK');
      locker.close();
    }
  });

  it('rejects every append of a batch the thread could not write', async () => {
    const path = join(dir, 'locked-batch.db');
    const store = await storeAt(path, { busyTimeoutMs: 60_000, callTimeoutMs: 300 });
    await store.ledger.append({ type: 'failure', time: 1, code: 'timeout', message: 'before' });
    const locker = new Database(path);
    locker.exec('BEGIN IMMEDIATE');
    try {
      const appended = [1, 2, 3].map((i) => store.ledger.append({ type: 'failure', time: 1 + i, code: 'timeout', message: `during ${i}` }));
      for (const append of appended) await expect(append).rejects.toMatchObject({ code: 'store_unavailable' });
    } finally {
      locker.exec('ROLLBACK');
      locker.close();
    }
  });

  it('rejects on open as createSqliteStore throws (a file that is not a database)', async () => {
    const path = join(dir, 'not-a-db');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(path, 'this is not sqlite'.repeat(100));
    await expect(createSqliteWorkerStore({ path })).rejects.toMatchObject({ code: 'store_corrupt' });
  });

  it('keeps this thread free while another process holds the write lock: the call fails open at its deadline, the event loop answers meanwhile', async () => {
    const path = join(dir, 'locked.db');
    // A long busy timeout: without the deadline, the write would wait for the lock for a minute.
    const store = await storeAt(path, { busyTimeoutMs: 60_000, callTimeoutMs: 500 });
    await store.originals.put(LOCAL_TENANT, 'before', 'x', {});
    const locker = new Database(path);
    locker.exec('BEGIN IMMEDIATE');
    try {
      let ticks = 0;
      const ticker = setInterval(() => ticks++, 10);
      const write = store.originals.put(LOCAL_TENANT, 'during', 'y', {});
      await expect(write).rejects.toMatchObject({ code: 'store_unavailable', message: expect.stringMatching(/did not answer within 500 ms/) });
      clearInterval(ticker);
      // The timers ran while the write waited: nothing spun on this thread.
      expect(ticks).toBeGreaterThan(0);
    } finally {
      locker.exec('ROLLBACK');
      locker.close();
    }
    // Once the lock is gone the store works again (reads never needed the lock in WAL mode).
    await store.originals.put(LOCAL_TENANT, 'after', 'z', {});
    expect((await store.originals.get(LOCAL_TENANT, 'after'))?.original).toBe('z');
  });

  it('fails further calls at once while one has gone unanswered for a second, and recovers after the lock', async () => {
    const path = join(dir, 'stuck.db');
    const store = await storeAt(path, { busyTimeoutMs: 60_000, callTimeoutMs: 60_000 });
    await store.memo.set(LOCAL_TENANT, 'k', { text: 't', compressor: 'c', contentType: 'json', tokensBefore: 2, tokensAfter: 1, refs: [] });
    const locker = new Database(path);
    locker.exec('BEGIN IMMEDIATE');
    let stuckWrite: Promise<void>;
    try {
      stuckWrite = store.originals.put(LOCAL_TENANT, 'stuck', 'x', {});
      await new Promise((resolve) => setTimeout(resolve, 1200));
      await expect(store.memo.get(LOCAL_TENANT, 'k')).rejects.toMatchObject({ code: 'store_unavailable', message: expect.stringMatching(/has not answered for \d+ ms/) });
    } finally {
      locker.exec('ROLLBACK');
      locker.close();
    }
    await stuckWrite;
    expect((await store.memo.get(LOCAL_TENANT, 'k'))?.text).toBe('t');
  });
});
