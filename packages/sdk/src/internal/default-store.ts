import type { HeadroomStore } from '@headroom/core';
import { createSqliteStore } from '@headroom/store-sqlite';

let shared: HeadroomStore | undefined;

/**
 * The SQLite store under `HEADROOM_HOME` (`~/.headroom/headroom.db`), opened once per process and
 * shared by every call that brings no store of its own: the same file the proxy and the CLI use, so
 * `headroom retrieve` and `headroom stats` see what the application stored.
 */
export function defaultStore(): HeadroomStore {
  shared ??= createSqliteStore();
  return shared;
}
