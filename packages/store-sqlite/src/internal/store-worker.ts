import { parentPort, workerData } from 'node:worker_threads';
import type { HeadroomStore } from '@headroom/core';
import { createSqliteStore, type SqliteStoreOptions } from '../sqlite-store.js';
import type { StoreCall, StoreReply } from './store-protocol.js';

// The SQLite store on its own thread: better-sqlite3 is synchronous and its busy timeout spins the
// thread while another process holds the write lock, so that spin happens here, never on the
// host's request thread. The caller's clock travels with each call (`at`), so tests can move it.
let at = Date.now();
const options = workerData as Omit<SqliteStoreOptions, 'now'>;
let store: HeadroomStore | undefined;
try {
  store = createSqliteStore({ ...options, now: () => at });
  parentPort?.postMessage({ id: 0, ok: true } satisfies StoreReply);
} catch (error) {
  parentPort?.postMessage({ id: 0, ok: false, error: describe(error) } satisfies StoreReply);
}

parentPort?.on('message', async (call: StoreCall) => {
  let reply: StoreReply;
  if (!store) reply = { id: call.id, ok: false, error: { code: 'store_unavailable', message: 'the store did not open' } };
  else if (Date.now() > call.deadline) {
    // The caller has given up on this call already (it waited behind a lock): skip the work.
    reply = { id: call.id, ok: false, error: { code: 'store_unavailable', message: 'abandoned: the caller stopped waiting' } };
  } else {
    at = call.at;
    try {
      const target = call.area === 'store' ? store : store[call.area];
      const method = (target as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>)[call.method];
      if (typeof method !== 'function') throw new Error(`unknown store method ${call.area}.${call.method}`);
      const value = await method.apply(target, call.args as unknown[]);
      reply = { id: call.id, ok: true, value };
    } catch (error) {
      reply = { id: call.id, ok: false, error: describe(error) };
    }
  }
  parentPort?.postMessage(reply);
  if (call.area === 'store' && call.method === 'close') parentPort?.close();
});

function describe(error: unknown): { code: string; message: string } {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : 'store_unavailable';
  return { code, message: error instanceof Error ? error.message : String(error) };
}
