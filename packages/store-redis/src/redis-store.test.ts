import { type HeadroomStore, isHeadroomError, type LedgerEvent, summarizeLedger } from '@headroom/core';
import { storeContract } from '@headroom/core/testing';
import { createClient } from '@redis/client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createRedisStore, type RedisStoreOptions } from './index.js';
import { type RedisServer, startRedisServer } from './testing/index.js';

let server: RedisServer;
const open: HeadroomStore[] = [];
let prefixes = 0;

beforeAll(async () => {
  server = await startRedisServer();
});
afterAll(async () => {
  await server.stop();
});
afterEach(async () => {
  server.resume();
  await Promise.all(open.splice(0).map((store) => store.close()));
});

/** Each store gets its own key prefix: cases never see each other's keys in the shared server. */
async function storeWith(options: Partial<RedisStoreOptions> = {}, prefix = `t${++prefixes}:`): Promise<HeadroomStore> {
  const store = await createRedisStore({ url: server.url, keyPrefix: prefix, ...options });
  open.push(store);
  return store;
}

/** A second, raw client: proves what is physically in Redis, not what the store reports. */
const rawClient = () => createClient({ url: server.url });
async function raw<T>(work: (client: ReturnType<typeof rawClient>) => Promise<T>): Promise<T> {
  const client = rawClient();
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await work(client);
  } finally {
    client.destroy();
  }
}

async function until(condition: () => Promise<boolean>, what: string, deadlineMs = 60_000): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const compression = (time: number, compressor = 'json'): LedgerEvent => ({
  type: 'compression',
  time,
  compressor,
  contentType: 'json',
  tokensBefore: 100,
  tokensAfter: 10,
  exact: true,
  source: 'proxy',
});

describe('the store contract', () => {
  for (const c of storeContract((options) => storeWith(options))) it(c.name, c.run);
});

describe('on a real Redis', () => {
  it('stores lone surrogates as UTF-16LE bytes and everything else as the UTF-8 bytes of the string', async () => {
    const store = await storeWith({}, 'bytes:');
    await store.originals.put('local', 'plain', 'naïve 🚀', {});
    await store.originals.put('local', 'lone', 'a \uD800 b', {});
    const [plain, lone] = await raw((client) =>
      Promise.all([client.hGet('bytes:o:local:plain', 'b'), client.sendCommand(['HGET', 'bytes:o:local:lone', 'w'])]),
    );
    expect(plain).toBe('naïve 🚀');
    expect(lone).toBe('1');
    expect((await store.originals.get('local', 'lone'))?.original).toBe('a \uD800 b');
  });

  it('lets Redis delete expired keys by itself, a grace period after their expiry', async () => {
    const long = await storeWith({ originalTtlMs: 600_000, expiryGraceMs: 60_000 }, 'ttl-long:');
    await long.originals.put('local', 'r', 'kept a while', {});
    const ttl = await raw((client) => client.pTTL('ttl-long:o:local:r'));
    // TTL + grace, less whatever time passed since the put (never more).
    expect(ttl).toBeGreaterThan(600_000);
    expect(ttl).toBeLessThanOrEqual(660_000);
    const store = await storeWith({ originalTtlMs: 50, expiryGraceMs: 50 }, 'ttl:');
    await store.originals.put('local', 'r', 'soon gone', {});
    await store.memo.set('local', 'k', { text: 't', compressor: 'c', contentType: 'json', tokensBefore: 2, tokensAfter: 1, refs: [] }, 50);
    await until(async () => (await raw((client) => client.exists(['ttl:o:local:r', 'ttl:r:r', 'ttl:m:local:k']))) === 0, 'Redis to expire the keys');
  });

  it('takes a zero TTL with no grace: the entry is gone at once, not an error', async () => {
    const store = await storeWith({ expiryGraceMs: 0 }, 'zero:');
    const entry = { text: 't', compressor: 'c', contentType: 'json', tokensBefore: 2, tokensAfter: 1, refs: [] };
    await store.memo.set('local', 'k', entry, 0);
    await store.originals.put('local', 'r', 'x', {}, 0);
    expect(await store.memo.get('local', 'k')).toBeUndefined();
    expect(await store.originals.get('local', 'r')).toBeUndefined();
  });

  it('shares originals, memo and ledger totals between two stores (two replicas), prune included', async () => {
    const a = await storeWith({}, 'shared:');
    const b = await storeWith({}, 'shared:');
    await a.originals.put('t-1', 'ref', 'from replica a', { summary: 's' });
    expect((await b.originals.get('t-1', 'ref'))?.original).toBe('from replica a');
    const recent = Date.now() - 1e8;
    for (let i = 0; i < 30; i++) await (i % 2 ? a : b).ledger.append(compression(recent + i, i % 3 ? 'json' : 'logs'));
    expect(await a.ledger.summary?.()).toEqual(summarizeLedger(await a.ledger.read()));
    expect(await b.ledger.summary?.()).toEqual(summarizeLedger(await b.ledger.read()));
    expect(await b.ledger.prune?.(recent + 10)).toBe(10);
    for (let i = 30; i < 35; i++) await a.ledger.append(compression(recent + i, 'code'));
    const left = await a.ledger.read();
    expect(left).toHaveLength(25);
    expect(await a.ledger.summary?.()).toEqual(summarizeLedger(left));
    expect(await b.ledger.summary?.()).toEqual(summarizeLedger(left));
  });

  it('pages through a ledger longer than one XRANGE page, in append order', async () => {
    const store = await storeWith({}, 'long:');
    const recent = Date.now() - 1e8;
    // In bursts of 100: 2500 appends at once on a loaded machine can leave the first unanswered past
    // the store's 1 s stuck rule, which then (rightly) fails the rest.
    for (let start = 0; start < 2500; start += 100) {
      await Promise.all(Array.from({ length: 100 }, (_, k) => start + k).map((i) => store.ledger.append(compression(recent + (i % 7), `c${i % 5}`))));
    }
    const events = await store.ledger.read();
    expect(events).toHaveLength(2500);
    expect(await store.ledger.summary?.()).toEqual(summarizeLedger(events));
    expect(await store.ledger.read({ type: 'compression', since: recent + 6 })).toHaveLength(357);
  });

  it('prunes entries past ledgerRetentionMs on open, and keeps everything with Infinity', async () => {
    const old = Date.now() - 40 * 86_400_000;
    const recent = Date.now() - 1e8;
    const writer = await storeWith({ ledgerRetentionMs: Number.POSITIVE_INFINITY }, 'retention:');
    await writer.ledger.append(compression(old));
    await writer.ledger.append(compression(recent));
    await storeWith({ ledgerRetentionMs: Number.POSITIVE_INFINITY }, 'retention:');
    expect(await writer.ledger.read()).toHaveLength(2);
    const store = await storeWith({}, 'retention:');
    expect(await store.ledger.read()).toEqual([compression(recent)]);
    expect(await raw((client) => client.xLen('retention:ledger'))).toBe(1);
  });

  it('refuses a Redis whose layout version is newer than this Headroom\'s', async () => {
    await raw((client) => client.set('future:schema', '99'));
    const error = await createRedisStore({ url: server.url, keyPrefix: 'future:' }).catch((e: unknown) => e);
    expect(isHeadroomError(error) && error.code).toBe('store_unavailable');
    expect((error as Error).message).toMatch(/layout version 99/);
  });

  it('rejects an unreachable Redis at open with store_unavailable, naming the URL without its password', async () => {
    const error = await createRedisStore({ url: 'redis://user:hunter2@127.0.0.1:1/0', connectTimeoutMs: 2000 }).catch((e: unknown) => e);
    expect(isHeadroomError(error) && error.code).toBe('store_unavailable');
    expect((error as Error).message).toContain('redis://127.0.0.1:1/0');
    expect((error as Error).message).not.toContain('hunter2');
  });

  it('validates options once', async () => {
    await expect(createRedisStore({ url: 'http://x' })).rejects.toMatchObject({ code: 'invalid_argument' });
    await expect(createRedisStore({ url: server.url, callTimeoutMs: 0 })).rejects.toMatchObject({ code: 'invalid_argument' });
    await expect(createRedisStore({ url: server.url, originalTtlMs: Number.NaN })).rejects.toMatchObject({ code: 'invalid_argument' });
  });

  it('rejects every call after close with store_unavailable', async () => {
    const store = await createRedisStore({ url: server.url, keyPrefix: 'closed:' });
    await store.close();
    await store.close();
    await expect(store.originals.get('local', 'a')).rejects.toMatchObject({ code: 'store_unavailable' });
    await expect(store.ledger.append(compression(1))).rejects.toMatchObject({ code: 'store_unavailable' });
  });
});

describe('when Redis fails', () => {
  it('a paused Redis costs a call its deadline, later calls fail at once, and calls succeed again once it answers', async () => {
    const store = await storeWith({ callTimeoutMs: 1500 }, 'paused:');
    await store.originals.put('local', 'before', 'kept', {});
    server.pause();
    try {
      const first = await store.originals.get('local', 'before').catch((e: unknown) => e);
      expect(isHeadroomError(first) && first.code).toBe('store_unavailable');
      expect((first as Error).message).toMatch(/did not answer within 1500 ms/);
      const next = await store.memo.get('local', 'k').catch((e: unknown) => e);
      expect(isHeadroomError(next) && next.code).toBe('store_unavailable');
      expect((next as Error).message).toMatch(/has not answered for \d+ ms/);
    } finally {
      server.resume();
    }
    await until(async () => (await store.originals.get('local', 'before').catch(() => undefined))?.original === 'kept', 'calls to succeed again');
  });

  it('a killed Redis fails calls at once (no offline queue), and the client reconnects by itself after a restart', async () => {
    const store = await storeWith({ callTimeoutMs: 30_000 }, 'killed:');
    await store.originals.put('local', 'before', 'lost with the server', {});
    await server.kill();
    // A 30 s deadline, and yet the call fails: the client does not queue commands while offline.
    const error = await store.originals.put('local', 'during', 'x', {}).catch((e: unknown) => e);
    expect(isHeadroomError(error) && error.code).toBe('store_unavailable');
    await server.restart();
    await until(async () => (await store.originals.put('local', 'after', 'back', {}).then(() => true, () => false)), 'the store to reconnect');
    expect((await store.originals.get('local', 'after'))?.original).toBe('back');
    // The server restarted empty (no persistence): its scripts are reloaded on first use too.
    expect(await store.originals.get('local', 'before')).toBeUndefined();
    expect(await store.originals.touch('local', ['after', 'before'])).toEqual(['before']);
  });
});
