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

// Calls made in one turn of the caller's event loop arrive as one message (an array) and are
// answered as one, in order. A write may wait for another process's lock: the answers made before
// it go out first, so that reads are never held up behind it.
const WRITES = new Set(['put', 'touch', 'set', 'append', 'appendMany', 'prune', 'close']);
parentPort?.on('message', async (message: StoreCall | readonly StoreCall[]) => {
  const calls: readonly StoreCall[] = Array.isArray(message) ? message : [message as StoreCall];
  let replies: StoreReply[] = [];
  for (const call of calls) {
    if (replies.length > 0 && WRITES.has(call.method)) {
      parentPort?.postMessage(replies);
      replies = [];
    }
    replies.push(await answer(call));
  }
  parentPort?.postMessage(replies.length === 1 ? replies[0] : replies);
  if (calls.some((call) => call.area === 'store' && call.method === 'close')) parentPort?.close();
});

async function answer(call: StoreCall): Promise<StoreReply> {
  if (!store) return { id: call.id, ok: false, error: { code: 'store_unavailable', message: 'the store did not open' } };
  // The caller has given up on this call already (it waited behind a lock): skip the work.
  if (Date.now() > call.deadline) return { id: call.id, ok: false, error: { code: 'store_unavailable', message: 'abandoned: the caller stopped waiting' } };
  at = call.at;
  try {
    const target = call.area === 'store' ? store : store[call.area];
    const method = (target as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>)[call.method];
    if (typeof method !== 'function') throw new Error(`unknown store method ${call.area}.${call.method}`);
    const value = await method.apply(target, call.args as unknown[]);
    return { id: call.id, ok: true, value };
  } catch (error) {
    return { id: call.id, ok: false, error: describe(error) };
  }
}

function describe(error: unknown): { code: string; message: string } {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : 'store_unavailable';
  return { code, message: error instanceof Error ? error.message : String(error) };
}
