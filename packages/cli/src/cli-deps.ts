import { join } from 'node:path';
import { type HeadroomStore, POLICY_FILE } from '@headroom/core';
import { createSqliteStore, createSqliteWorkerStore, DEFAULT_DATABASE_FILE, headroomHome } from '@headroom/store-sqlite';
import type { CliIo } from './cli-io.js';
import { redactStoreUrl, resolveStoreUrl } from './internal/resolve-store.js';
import { type LoadedCompressors, loadCompressors } from './load-compressors.js';

/** A one-shot command (stats, retrieve, compress) waits this long per Redis call: no request path to protect, but no hang either. */
const ONE_SHOT_CALL_TIMEOUT_MS = 10_000;

/** What commands run against. Tests swap the store or the compressors; the bin uses the defaults. */
export interface CliDeps {
  readonly io: CliIo;
  /**
   * Opens the store; the caller closes it. Default: SQLite at `$HEADROOM_HOME/headroom.db`, or the
   * Redis named by `HEADROOM_STORE` (so that `stats`, `retrieve` and `prune` read what the proxy
   * replicas on it wrote).
   */
  readonly openStore: () => HeadroomStore | Promise<HeadroomStore>;
  /**
   * Opens the store the proxy runs on. Default: the same SQLite file, on a worker thread with a
   * per-call deadline, so that a lock held by another process never stalls the proxy; with a
   * `redis://` URL (`--store`, `HEADROOM_STORE`), that Redis, with the same per-call deadline.
   */
  readonly openProxyStore: (callTimeoutMs: number, url?: string) => Promise<HeadroomStore>;
  /** Where the store lives, for messages. */
  readonly storeLocation: string;
  /** The learned policy (`headroom learn --apply`): `$HEADROOM_HOME/policy.json`. */
  readonly policyPath: string;
  /** Where the proxy's store lives, for messages (a Redis URL without its password). */
  readonly proxyStoreLocation: (url?: string) => string;
  /** Installed compressors plus `--plugin` modules. */
  readonly loadCompressors: (plugins: readonly string[]) => Promise<LoadedCompressors>;
}

export function defaultDeps(io: CliIo, overrides: Partial<Omit<CliDeps, 'io'>> = {}): CliDeps {
  const home = headroomHome(io.env);
  // Checked when a command opens the store: a bad value must not break `headroom --help`.
  const envStore = () => resolveStoreUrl(io.env.HEADROOM_STORE?.trim() || undefined, 'HEADROOM_STORE');
  let storeLocation = join(home, DEFAULT_DATABASE_FILE);
  try {
    const url = envStore();
    if (url !== undefined) storeLocation = redactStoreUrl(url);
  } catch {
    // reported by openStore, with the usage error
  }
  return {
    io,
    openStore: () => {
      const url = envStore();
      return url === undefined ? createSqliteStore({ home }) : openRedisStore(io, url, ONE_SHOT_CALL_TIMEOUT_MS);
    },
    openProxyStore: (callTimeoutMs, url) => (url === undefined ? createSqliteWorkerStore({ home, callTimeoutMs }) : openRedisStore(io, url, callTimeoutMs)),
    storeLocation,
    proxyStoreLocation: (url) => (url === undefined ? join(home, DEFAULT_DATABASE_FILE) : redactStoreUrl(url)),
    policyPath: join(home, POLICY_FILE),
    loadCompressors: (plugins) => loadCompressors(plugins, io.cwd),
    ...overrides,
  };
}

/** Loaded on demand: the SQLite default should not pay for a Redis client. */
async function openRedisStore(io: CliIo, url: string, callTimeoutMs: number): Promise<HeadroomStore> {
  const { createRedisStore } = await import('@headroom/store-redis');
  let last = '';
  return createRedisStore({
    url,
    callTimeoutMs,
    // The client retries every 2 s while Redis is down: say so once per distinct error, not every retry.
    onConnectionError: (error) => {
      if (error.message === last) return;
      last = error.message;
      io.stderr.write(`headroom: warning: Redis store ${redactStoreUrl(url)}: ${error.message} (requests go through uncompressed; reconnecting)\n`);
    },
  });
}

/** Runs `work` with an open store and always closes it. */
export async function withStore<T>(deps: CliDeps, work: (store: HeadroomStore) => Promise<T>): Promise<T> {
  const store = await deps.openStore();
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}
