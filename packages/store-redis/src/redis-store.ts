import {
  DEFAULT_MEMO_TTL_MS,
  DEFAULT_ORIGINAL_TTL_MS,
  HeadroomError,
  type HeadroomStore,
  type LedgerEvent,
  type MemoEntry,
  type OriginalMeta,
  type StoredOriginal,
} from '@headroom/core';
import { decodeOriginal, encodeOriginal } from './internal/encode-original.js';
import { createKeys } from './internal/keys.js';
import { createLedgerStream } from './internal/ledger-stream.js';
import { openConnection, type Send } from './internal/redis-connection.js';
import { runScript, SCRIPTS } from './internal/scripts.js';

export interface RedisStoreOptions {
  /** `redis://[user:password@]host:port/db` or `rediss://…` (TLS). Required. */
  readonly url: string;
  /** Prefix of every key, so that several deployments can share one Redis. Default: `headroom:`. */
  readonly keyPrefix?: string;
  /** How long originals stay retrievable when `put` gives no TTL. Default: 24 h. */
  readonly originalTtlMs?: number;
  /**
   * Longest one store call waits (every command it sends included); past it the call rejects
   * with `store_unavailable` and the host fails open. Default: 3000 ms (the proxy passes its
   * budget). Reads of the whole ledger (`read`, `summary`, `prune`) get at least 60 s.
   */
  readonly callTimeoutMs?: number;
  /** Longest the first connection may take; the returned promise rejects past it. Default: 5000 ms. */
  readonly connectTimeoutMs?: number;
  /**
   * Redis deletes a key this long after its expiry. Expiry is decided by the caller's clock on
   * every read (as in SQLite); the grace keeps a replica whose clock runs behind Redis's from
   * losing a key it still considers live. Default: 60 000 ms.
   */
  readonly expiryGraceMs?: number;
  /**
   * Ledger entries older than this are deleted (on open and at most hourly while writing, never
   * more often than hourly for all replicas together). Default: 30 days. `Infinity` keeps every entry.
   */
  readonly ledgerRetentionMs?: number;
  /** Each connection error (refused reconnect, reset socket), for the host's log. */
  readonly onConnectionError?: (error: Error) => void;
  /** A clock, for tests of expiry. Default: Date.now. */
  readonly now?: () => number;
}

const DEFAULT_LEDGER_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;
const RETENTION_EVERY_MS = 60 * 60 * 1000;
const LONG_CALL_MS = 60_000;
/** Bumped when the key layout changes; a Redis written by a newer Headroom is refused rather than misread. */
const SCHEMA_VERSION = 1;

/**
 * The shared store for several proxy replicas: originals, memo and ledger in one Redis 7.
 * Resolves once connected (rejects with `store_unavailable` otherwise). Every call has a
 * deadline and fails at once while Redis is unreachable; the client reconnects by itself.
 */
export async function createRedisStore(options: RedisStoreOptions): Promise<HeadroomStore> {
  if (typeof options.url !== 'string' || !/^rediss?:\/\//.test(options.url)) {
    throw new HeadroomError('invalid_argument', 'url must be a redis:// or rediss:// URL');
  }
  const defaultTtl = nonNegative(options.originalTtlMs, DEFAULT_ORIGINAL_TTL_MS, 'originalTtlMs');
  const callTimeoutMs = positive(options.callTimeoutMs, 3000, 'callTimeoutMs');
  const connectTimeoutMs = positive(options.connectTimeoutMs, 5000, 'connectTimeoutMs');
  const graceMs = Math.ceil(nonNegative(options.expiryGraceMs, 60_000, 'expiryGraceMs'));
  const retentionMs =
    options.ledgerRetentionMs === Number.POSITIVE_INFINITY
      ? Number.POSITIVE_INFINITY
      : nonNegative(options.ledgerRetentionMs, DEFAULT_LEDGER_RETENTION_MS, 'ledgerRetentionMs');
  const now = options.now ?? Date.now;
  const keys = createKeys(options.keyPrefix ?? 'headroom:');
  const ledger = createLedgerStream(keys);
  const longMs = Math.max(callTimeoutMs, LONG_CALL_MS);

  const connection = await openConnection({
    url: options.url,
    callTimeoutMs,
    connectTimeoutMs,
    ...(options.onConnectionError ? { onError: options.onConnectionError } : {}),
  });
  const { call } = connection;
  let retentionCheckedAt = 0;

  /** Deletes ledger entries past retention, unless some replica pruned within the hour. */
  async function applyRetention(send: Send): Promise<void> {
    const at = now();
    if (retentionMs === Number.POSITIVE_INFINITY || at - retentionCheckedAt < RETENTION_EVERY_MS) return;
    retentionCheckedAt = at;
    if (at - (await ledger.prunedAt(send)) < RETENTION_EVERY_MS) return;
    await ledger.prune(send, at - retentionMs, at);
  }

  try {
    await call(
      'open',
      async (send) => {
        const version = Number((await send(['SET', keys.schema, String(SCHEMA_VERSION), 'NX', 'GET'])) ?? SCHEMA_VERSION);
        if (version > SCHEMA_VERSION) {
          throw new HeadroomError(
            'store_unavailable',
            `the Headroom store at ${connection.where} (prefix ${options.keyPrefix ?? 'headroom:'}) has layout version ${version}, newer than this Headroom understands (${SCHEMA_VERSION}); upgrade Headroom or use another key prefix`,
          );
        }
        await applyRetention(send);
      },
      longMs,
    );
  } catch (error) {
    await connection.close();
    throw error;
  }

  async function readOriginal(send: Send, tenant: string, ref: string): Promise<StoredOriginal | undefined> {
    const reply = (await send(['HMGET', keys.original(tenant, ref), 'b', 'w', 'm', 'c', 'e'], { buffers: true })) as (Buffer | null)[];
    const [bytes, wide, meta, createdAt, expiresAt] = reply;
    if (!bytes || !meta || !createdAt || !expiresAt) return undefined;
    const expires = Number(expiresAt.toString());
    if (expires <= now()) return undefined;
    return {
      tenant,
      ref,
      original: wide?.toString() === '1' ? decodeOriginal(bytes) : bytes.toString('utf8'),
      meta: JSON.parse(meta.toString('utf8')) as OriginalMeta,
      createdAt: Number(createdAt.toString()),
      expiresAt: expires,
    };
  }

  return {
    originals: {
      put(tenant: string, ref: string, original: string, meta: OriginalMeta, ttlMs: number = defaultTtl) {
        return call('write to', async (send) => {
          const createdAt = now();
          const encoded = encodeOriginal(original);
          const wide = typeof encoded === 'string' ? '0' : '1';
          const bytes = typeof encoded === 'string' ? Buffer.from(encoded, 'utf8') : encoded;
          await runScript(
            send,
            SCRIPTS.putOriginal,
            [keys.original(tenant, ref), keys.holders(ref)],
            [bytes, wide, JSON.stringify(meta), String(createdAt), String(expiry(createdAt, ttlMs)), String(graceMs), tenant],
          );
        });
      },
      touch(tenant: string, refs: readonly string[], ttlMs: number = defaultTtl) {
        if (refs.length === 0) return Promise.resolve([]);
        return call('write to', async (send) => {
          const at = now();
          const gone = (await runScript(
            send,
            SCRIPTS.touchOriginals,
            [...refs.map((ref) => keys.original(tenant, ref)), ...refs.map((ref) => keys.holders(ref))],
            [String(at), String(expiry(at, ttlMs)), String(graceMs)],
          )) as number[];
          return gone.map((index) => refs[index - 1] as string);
        });
      },
      get(tenant: string, ref: string) {
        return call('read', (send) => readOriginal(send, tenant, ref));
      },
      lookup(ref: string) {
        return call('read', async (send) => {
          // Sorted: the same ref held by several tenants gives the same answer every time.
          const tenants = ((await send(['SMEMBERS', keys.holders(ref)])) as string[]).sort();
          const found = await Promise.all(tenants.map((tenant) => readOriginal(send, tenant, ref)));
          return found.find((stored) => stored !== undefined);
        });
      },
    },
    memo: {
      get(tenant: string, key: string) {
        return call('read', async (send) => {
          const raw = (await send(['GET', keys.memo(tenant, key)])) as string | null;
          if (raw === null) return undefined;
          const stored = JSON.parse(raw) as { e: number; v: MemoEntry };
          return stored.e > now() ? stored.v : undefined;
        });
      },
      set(tenant: string, key: string, entry: MemoEntry, ttlMs: number = DEFAULT_MEMO_TTL_MS) {
        return call('write to', async (send) => {
          const at = now();
          const expiresAt = expiry(at, ttlMs);
          await send(['SET', keys.memo(tenant, key), JSON.stringify({ e: expiresAt, v: entry }), 'PX', String(Math.max(1, Math.ceil(expiresAt - at) + graceMs))]);
        });
      },
    },
    ledger: {
      append(event: LedgerEvent) {
        return call('write to', async (send) => {
          await ledger.append(send, event);
          // Housekeeping only: the append succeeded; the next hourly check retries a failed prune.
          if (now() - retentionCheckedAt >= RETENTION_EVERY_MS) void call('prune', applyRetention, longMs).catch(() => undefined);
        });
      },
      read(query = {}) {
        return call('read', (send) => ledger.read(send, query), longMs);
      },
      summary() {
        return call('read', (send) => ledger.summary(send), longMs);
      },
      prune(before: number) {
        return call('write to', (send) => ledger.prune(send, before, now()), longMs);
      },
    },
    close: () => connection.close(),
  };
}

/** A TTL so long it would overflow still gives a finite, comparable expiry. */
function expiry(from: number, ttlMs: number): number {
  return Math.min(Math.ceil(from + ttlMs), Number.MAX_SAFE_INTEGER);
}

function nonNegative(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < 0) throw new HeadroomError('invalid_argument', `${name} must be a non-negative number, got ${String(value)}`);
  return value;
}

function positive(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) throw new HeadroomError('invalid_argument', `${name} must be a positive number, got ${String(value)}`);
  return value;
}

