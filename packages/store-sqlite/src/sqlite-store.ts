import { chmodSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  DEFAULT_MEMO_TTL_MS,
  DEFAULT_ORIGINAL_TTL_MS,
  HeadroomError,
  type HeadroomStore,
  type Ledger,
  type LedgerEvent,
  type MemoEntry,
  type OriginalMeta,
  type StoredOriginal,
} from '@headroom/core';
import Database from 'better-sqlite3';
import { headroomHome } from './headroom-home.js';
import { createLedgerTotals } from './internal/ledger-totals.js';
import { decodeOriginal, encodeOriginal } from './internal/encode-original.js';
import { makeFolder } from './internal/make-folder.js';
import { MIGRATE_FROM_1, SCHEMA, SCHEMA_VERSION } from './internal/schema.js';
import { toStoreError } from './internal/to-store-error.js';

export interface SqliteStoreOptions {
  /** The database file. Default: `<home>/headroom.db`. `:memory:` gives a private in-memory database. */
  readonly path?: string;
  /** The folder for the default file. Default: `headroomHome()` (`$HEADROOM_HOME`, else `~/.headroom`). */
  readonly home?: string;
  /** How long originals stay retrievable when `put` gives no TTL. Default: 24 h. */
  readonly originalTtlMs?: number;
  /** How long a write waits for another process holding the lock. Default: 5000 ms. */
  readonly busyTimeoutMs?: number;
  /** Expired originals and memo rows are deleted on open and every this many writes. Default: 256. */
  readonly purgeEvery?: number;
  /**
   * Ledger rows older than this are deleted (on open and at most hourly while writing, never more
   * often than hourly per file). Default: 30 days. `Infinity` keeps every row.
   */
  readonly ledgerRetentionMs?: number;
  /** A clock, for tests of expiry. Default: Date.now. */
  readonly now?: () => number;
}

/** The SQLite ledger also takes several rows at once, in one transaction (the worker store batches appends). */
export interface BatchLedger extends Ledger {
  appendMany(events: readonly LedgerEvent[]): Promise<void>;
}

/** The ledger keeps 30 days unless told otherwise. */
export const DEFAULT_LEDGER_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;
/** Retention runs at most this often per file, so that the processes sharing it seldom recount their totals. */
const RETENTION_EVERY_MS = 60 * 60 * 1000;

export const DEFAULT_DATABASE_FILE = 'headroom.db';

/**
 * Rows deleted per table by one purge during writes: a day-old burst expiring at once must not
 * stall the write that triggers the purge (the proxy's request path). Open purges everything.
 */
const PURGE_BATCH = 500;

interface OriginalRow {
  tenant: string;
  original: string | Buffer;
  meta: string;
  created_at: number;
  expires_at: number;
}

/**
 * The embedded default store: originals, memo and ledger in one SQLite file (WAL mode), safe to
 * share between processes on one machine (the CLI, a proxy and an MCP server at once).
 */
export function createSqliteStore(options: SqliteStoreOptions = {}): HeadroomStore & { readonly ledger: BatchLedger } {
  const path = options.path ?? join(options.home ?? headroomHome(), DEFAULT_DATABASE_FILE);
  const defaultTtl = nonNegative(options.originalTtlMs, DEFAULT_ORIGINAL_TTL_MS, 'originalTtlMs');
  const busyTimeoutMs = nonNegative(options.busyTimeoutMs, 5000, 'busyTimeoutMs');
  const purgeEvery = Math.max(1, Math.floor(nonNegative(options.purgeEvery, 256, 'purgeEvery')));
  const now = options.now ?? Date.now;
  const retentionMs = options.ledgerRetentionMs === Number.POSITIVE_INFINITY ? Number.POSITIVE_INFINITY : nonNegative(options.ledgerRetentionMs, DEFAULT_LEDGER_RETENTION_MS, 'ledgerRetentionMs');

  const db = open(path, busyTimeoutMs);
  const sql = prepare(db, path);
  const totals = createLedgerTotals(db);
  let writesSincePurge = 0;
  let retentionCheckedAt = 0;
  let closed = false;

  // better-sqlite3 is synchronous; each call runs to completion, so the async facade needs no locking.
  function run<T>(doing: string, work: () => T): Promise<T> {
    if (closed) return Promise.reject(new HeadroomError('store_unavailable', `the Headroom store at ${path} is closed`));
    try {
      return Promise.resolve(work());
    } catch (error) {
      return Promise.reject(toStoreError(error, path, doing));
    }
  }

  function purgeIfDue(): void {
    if (++writesSincePurge < purgeEvery) return;
    writesSincePurge = 0;
    try {
      sql.purge(now(), PURGE_BATCH);
      applyRetention();
    } catch {
      // Housekeeping only: the write that triggered it succeeded, and expired rows are already
      // invisible to `get`; the next purge (or the next open) retries.
    }
  }

  /** Deletes ledger rows past retention, unless this file was pruned within the hour. */
  function applyRetention(): void {
    const at = now();
    if (retentionMs === Number.POSITIVE_INFINITY || at - retentionCheckedAt < RETENTION_EVERY_MS) return;
    retentionCheckedAt = at;
    if (at - totals.prunedAt() < RETENTION_EVERY_MS) return;
    totals.prune(at - retentionMs, at);
  }

  try {
    sql.purge(now(), -1);
    applyRetention();
  } catch (error) {
    db.close();
    throw toStoreError(error, path, 'purge');
  }

  return {
    originals: {
      put(tenant: string, ref: string, original: string, meta: OriginalMeta, ttlMs: number = defaultTtl) {
        return run('write to', () => {
          const createdAt = now();
          sql.putOriginal.run(tenant, ref, encodeOriginal(original), JSON.stringify(meta), createdAt, expiry(createdAt, ttlMs));
          purgeIfDue();
        });
      },
      touch(tenant: string, refs: readonly string[], ttlMs: number = defaultTtl) {
        return run('write to', () => {
          const at = now();
          return sql.touchOriginals(tenant, refs, at, expiry(at, ttlMs));
        });
      },
      get(tenant: string, ref: string) {
        return run('read', () => toStored(ref, sql.getOriginal.get(tenant, ref, now()) as OriginalRow | undefined));
      },
      lookup(ref: string) {
        return run('read', () => toStored(ref, sql.lookupOriginal.get(ref, now()) as OriginalRow | undefined));
      },
    },
    memo: {
      get(tenant: string, key: string) {
        return run('read', () => {
          const row = sql.getMemo.get(tenant, key, now()) as { entry: string } | undefined;
          return row ? (JSON.parse(row.entry) as MemoEntry) : undefined;
        });
      },
      set(tenant: string, key: string, entry: MemoEntry, ttlMs: number = DEFAULT_MEMO_TTL_MS) {
        return run('write to', () => {
          sql.setMemo.run(tenant, key, JSON.stringify(entry), expiry(now(), ttlMs));
          purgeIfDue();
        });
      },
    },
    ledger: {
      append(event: LedgerEvent) {
        return run('write to', () => {
          sql.append.run(event.time, event.type, JSON.stringify(event));
        });
      },
      /** Several rows in one transaction (one commit instead of one each); used by the worker store. */
      appendMany(events: readonly LedgerEvent[]) {
        return run('write to', () => sql.appendMany(events));
      },
      read(query = {}) {
        return run('read', () => {
          const rows = sql.readLedger(query.since, query.type) as { event: string }[];
          return rows.map((row) => JSON.parse(row.event) as LedgerEvent);
        });
      },
      summary() {
        return run('read', () => totals.summary());
      },
      prune(before: number) {
        return run('write to', () => totals.prune(before, now()));
      },
    },
    close() {
      if (!closed) {
        closed = true;
        db.close();
      }
      return Promise.resolve();
    },
  };
}

function open(path: string, busyTimeoutMs: number): Database.Database {
  if (path !== ':memory:') {
    try {
      // Owner-only: originals are whatever the user's tools printed, secrets included.
      makeFolder(dirname(path), 0o700);
    } catch (error) {
      throw toStoreError(error, path, 'create the folder for');
    }
  }
  const isNew = path !== ':memory:' && !existsSync(path);
  let db: Database.Database;
  try {
    db = new Database(path, { timeout: busyTimeoutMs });
    // Owner-only for a file we create (SQLite gives its -wal and -shm files the same mode).
    if (isNew) chmodSync(path, 0o600);
  } catch (error) {
    throw toStoreError(error, path, 'open');
  }
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > SCHEMA_VERSION) {
      throw new HeadroomError(
        'store_unavailable',
        `the Headroom store at ${path} has schema version ${version}, newer than this Headroom understands (${SCHEMA_VERSION}); upgrade Headroom or point it at another file`,
      );
    }
    if (version < SCHEMA_VERSION) {
      // IMMEDIATE takes the write lock first, so two processes creating or upgrading the file at
      // once queue up; the second sees the new version and does nothing.
      db.transaction(() => {
        const current = db.pragma('user_version', { simple: true }) as number;
        if (current === 1) db.exec(MIGRATE_FROM_1);
        else if (current < SCHEMA_VERSION) db.exec(SCHEMA);
        db.pragma(`user_version = ${SCHEMA_VERSION}`);
      }).immediate();
    }
    return db;
  } catch (error) {
    db.close();
    throw toStoreError(error, path, 'open');
  }
}

function prepare(db: Database.Database, path: string) {
  try {
    const purgeOriginals = db.prepare('DELETE FROM originals WHERE (tenant, ref) IN (SELECT tenant, ref FROM originals WHERE expires_at <= ? LIMIT ?)');
    const purgeMemo = db.prepare('DELETE FROM memo WHERE (tenant, key) IN (SELECT tenant, key FROM memo WHERE expires_at <= ? LIMIT ?)');
    const touchOriginal = db.prepare('UPDATE originals SET expires_at = max(expires_at, ?) WHERE tenant = ? AND ref = ? AND expires_at > ?');
    const readAll = db.prepare('SELECT event FROM ledger ORDER BY id');
    const readSince = db.prepare('SELECT event FROM ledger WHERE time >= ? ORDER BY id');
    const readType = db.prepare('SELECT event FROM ledger WHERE type = ? ORDER BY id');
    const readTypeSince = db.prepare('SELECT event FROM ledger WHERE type = ? AND time >= ? ORDER BY id');
    const append = db.prepare('INSERT INTO ledger (time, type, event) VALUES (?, ?, ?)');
    return {
      putOriginal: db.prepare(
        `INSERT INTO originals (tenant, ref, original, meta, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (tenant, ref) DO UPDATE SET original = excluded.original, meta = excluded.meta,
           created_at = excluded.created_at, expires_at = max(originals.expires_at, excluded.expires_at)`,
      ),
      /** Extends each live original's expiry; returns the refs that were gone. One transaction. */
      touchOriginals: db.transaction((tenant: string, refs: readonly string[], at: number, expiresAt: number): string[] =>
        refs.filter((ref) => touchOriginal.run(expiresAt, tenant, ref, at).changes === 0),
      ),
      getOriginal: db.prepare('SELECT tenant, original, meta, created_at, expires_at FROM originals WHERE tenant = ? AND ref = ? AND expires_at > ?'),
      lookupOriginal: db.prepare('SELECT tenant, original, meta, created_at, expires_at FROM originals WHERE ref = ? AND expires_at > ? LIMIT 1'),
      getMemo: db.prepare('SELECT entry FROM memo WHERE tenant = ? AND key = ? AND expires_at > ?'),
      setMemo: db.prepare('INSERT OR REPLACE INTO memo (tenant, key, entry, expires_at) VALUES (?, ?, ?, ?)'),
      append,
      appendMany: db.transaction((events: readonly LedgerEvent[]) => {
        for (const event of events) append.run(event.time, event.type, JSON.stringify(event));
      }),
      /** Deletes up to `limit` expired rows per table (-1: all). */
      purge: db.transaction((at: number, limit: number) => {
        purgeOriginals.run(at, limit);
        purgeMemo.run(at, limit);
      }),
      readLedger(since: number | undefined, type: string | undefined): unknown[] {
        if (type === undefined) return since === undefined ? readAll.all() : readSince.all(since);
        return since === undefined ? readType.all(type) : readTypeSince.all(type, since);
      },
    };
  } catch (error) {
    db.close();
    throw toStoreError(error, path, 'open');
  }
}

function toStored(ref: string, row: OriginalRow | undefined): StoredOriginal | undefined {
  if (!row) return undefined;
  return {
    tenant: row.tenant,
    ref,
    original: decodeOriginal(row.original),
    meta: JSON.parse(row.meta) as OriginalMeta,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
  };
}

/** A TTL so long it would overflow still gives a finite, comparable expiry. */
function expiry(from: number, ttlMs: number): number {
  return Math.min(from + ttlMs, Number.MAX_SAFE_INTEGER);
}

function nonNegative(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < 0) {
    throw new HeadroomError('invalid_argument', `${name} must be a non-negative number, got ${String(value)}`);
  }
  return value;
}
