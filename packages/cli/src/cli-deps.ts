import { join } from 'node:path';
import { type HeadroomStore, POLICY_FILE } from '@headroom/core';
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
   * per-call deadline, so that a lock held by another process never stalls the proxy.
   */
  readonly openProxyStore: (callTimeoutMs: number) => Promise<HeadroomStore>;
  /** Where the store lives, for messages. */
  readonly storeLocation: string;
  /** The learned policy (`headroom learn --apply`): `$HEADROOM_HOME/policy.json`. */
  readonly policyPath: string;
  /** Installed compressors plus `--plugin` modules. */
  readonly loadCompressors: (plugins: readonly string[]) => Promise<LoadedCompressors>;
}

export function defaultDeps(io: CliIo, overrides: Partial<Omit<CliDeps, 'io'>> = {}): CliDeps {
  const home = headroomHome(io.env);
  return {
    io,
    openStore: () => createSqliteStore({ home }),
    openProxyStore: (callTimeoutMs) => createSqliteWorkerStore({ home, callTimeoutMs }),
    storeLocation: join(home, DEFAULT_DATABASE_FILE),
    policyPath: join(home, POLICY_FILE),
    loadCompressors: (plugins) => loadCompressors(plugins, io.cwd),
    ...overrides,
  };
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
