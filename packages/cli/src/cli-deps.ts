import { join } from 'node:path';
import type { HeadroomStore } from '@headroom/core';
import { createSqliteStore, createSqliteWorkerStore, DEFAULT_DATABASE_FILE, headroomHome } from '@headroom/store-sqlite';
import type { CliIo } from './cli-io.js';
import { type LoadedCompressors, loadCompressors } from './load-compressors.js';

/** What commands run against. Tests swap the store or the compressors; the bin uses the defaults. */
export interface CliDeps {
  readonly io: CliIo;
  /** Opens the store; the caller closes it. Default: SQLite at `$HEADROOM_HOME/headroom.db`. */
  readonly openStore: () => HeadroomStore;
  /**
   * Opens the store the proxy runs on. Default: the same SQLite file, on a worker thread with a
   * per-call deadline, so that a lock held by another process never stalls the proxy; with a
   * `redis://` URL (`--store`, `HEADROOM_STORE`), that Redis, with the same per-call deadline.
   */
  readonly openProxyStore: (callTimeoutMs: number, url?: string) => Promise<HeadroomStore>;
  /** Where the store lives, for messages. */
  readonly storeLocation: string;
  /** Where the proxy's store lives, for messages (a Redis URL without its password). */
  readonly proxyStoreLocation: (url?: string) => string;
  /** Installed compressors plus `--plugin` modules. */
  readonly loadCompressors: (plugins: readonly string[]) => Promise<LoadedCompressors>;
}

export function defaultDeps(io: CliIo, overrides: Partial<Omit<CliDeps, 'io'>> = {}): CliDeps {
  const home = headroomHome(io.env);
  return {
    io,
    openStore: () => createSqliteStore({ home }),
    openProxyStore: (callTimeoutMs, url) => (url === undefined ? createSqliteWorkerStore({ home, callTimeoutMs }) : openRedisStore(io, url, callTimeoutMs)),
    storeLocation: join(home, DEFAULT_DATABASE_FILE),
    proxyStoreLocation: (url) => (url === undefined ? join(home, DEFAULT_DATABASE_FILE) : redactStoreUrl(url)),
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

/** A store URL for messages: never its password. */
function redactStoreUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname === '/' ? '' : parsed.pathname}`;
  } catch {
    return 'redis://…';
  }
}

/** Runs `work` with an open store and always closes it. */
export async function withStore<T>(deps: CliDeps, work: (store: HeadroomStore) => Promise<T>): Promise<T> {
  const store = deps.openStore();
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}
