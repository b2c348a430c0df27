import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { type HeadroomErrorCode, HeadroomError, type HeadroomStore, type LedgerEvent } from '@headroom/core';
import type { SqliteStoreOptions } from './sqlite-store.js';
import type { StoreCall, StoreReply } from './internal/store-protocol.js';

export interface SqliteWorkerStoreOptions extends SqliteStoreOptions {
  /**
   * Longest a call waits for the store's thread (a write waiting on another process's lock, a
   * slow disk); past it the call rejects with `store_unavailable` and the host fails open.
   * Default: 3000 ms (the proxy passes its compression budget). While a call has gone unanswered
   * for a second, further calls fail at once instead of queueing behind it.
   */
  readonly callTimeoutMs?: number;
}

/**
 * Longest a ledger row waits for others to share its message and transaction. A commit costs the
 * store's thread about as much as 60 rows (a proxy at one request at a time appends a row every
 * millisecond or so), and a row waits unseen only by other processes: reads here take it along.
 */
const APPEND_DELAY_MS = 100;

/** Rows that go at once, whatever the delay: one message and one transaction stay short. */
const MAX_QUEUED_ROWS = 256;

/** An ordinary call unanswered for this long means the store's thread is stuck: later calls fail at once. */
const STUCK_MS = 1000;

const CODES = new Set<string>(['invalid_argument', 'store_unavailable', 'store_corrupt', 'timeout', 'not_found']);

/**
 * The SQLite store on a worker thread, behind the same `HeadroomStore` interface: no call ever
 * runs (or busy-waits on a lock) on the caller's thread, and each call has a deadline. For hosts
 * with a request path (the proxy); `createSqliteStore` stays the simple in-thread store for the
 * CLI. Opening happens on the worker: this resolves once the file is open, or rejects as
 * `createSqliteStore` would throw.
 */
export async function createSqliteWorkerStore(options: SqliteWorkerStoreOptions = {}): Promise<HeadroomStore> {
  const { now = Date.now, callTimeoutMs = 3000, ...rest } = options;
  if (!Number.isFinite(callTimeoutMs) || callTimeoutMs <= 0) throw new HeadroomError('invalid_argument', `callTimeoutMs must be a positive number, got ${String(callTimeoutMs)}`);
  // A write that waits for a lock longer than any caller waits for it only delays the calls queued behind it.
  const worker = new Worker(workerScript(), { workerData: { ...rest, busyTimeoutMs: Math.min(rest.busyTimeoutMs ?? 5000, callTimeoutMs) } });
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void; timer: NodeJS.Timeout }>();
  // Ordinary calls the thread has not answered yet, by id, with when they were sent: kept until the
  // thread answers, even after their caller stopped waiting (the thread is still busy with them).
  const unanswered = new Map<number, number>();
  let nextId = 1;
  let closed = false;
  let failure: HeadroomError | undefined;

  const opened = new Promise<void>((resolve, reject) => {
    worker.once('message', (reply: StoreReply) => (reply.ok ? resolve() : reject(toError(reply.error))));
    worker.once('error', (error) => reject(new HeadroomError('store_unavailable', `the store thread failed: ${error.message}`, { cause: error })));
  });
  await opened;
  const answer = (reply: StoreReply) => {
    unanswered.delete(reply.id);
    const call = pending.get(reply.id);
    if (!call) return;
    pending.delete(reply.id);
    clearTimeout(call.timer);
    if (reply.ok) call.resolve(reply.value);
    else call.reject(toError(reply.error));
  };
  worker.on('message', (replies: StoreReply | readonly StoreReply[]) => {
    if (Array.isArray(replies)) for (const reply of replies) answer(reply);
    else answer(replies as StoreReply);
  });
  worker.on('error', (error) => {
    failure = new HeadroomError('store_unavailable', `the store thread failed: ${error.message}`, { cause: error });
    for (const call of pending.values()) {
      clearTimeout(call.timer);
      call.reject(failure);
    }
    pending.clear();
    unanswered.clear();
  });
  // The thread must not keep a host process alive on its own.
  worker.unref();

  /** Since when an ordinary call has gone unanswered (the thread is stuck on a lock or a slow disk), if it has. */
  function stuckFor(at: number): number {
    // Insertion order: the first entry is the oldest.
    const oldest = unanswered.values().next().value;
    return oldest === undefined ? 0 : at - oldest;
  }

  // Calls made within one event-loop turn travel to the thread as one message, and their answers
  // come back as one: waking a thread costs more than most calls (a proxy request asks the same
  // thing for each of its slots at once). Ledger rows are written several to a transaction: a
  // proxy appends a row per request, and a commit each (nine writes and six locks of the file)
  // costs more than the row. Each call still settles on its own answer; calls reach the thread in
  // the order made, so a read sees every row appended before it.
  let outgoing: StoreCall[] = [];
  function send(message: StoreCall): void {
    if (outgoing.length === 0) setImmediate(flush);
    outgoing.push(message);
  }
  function flush(): void {
    sendQueued();
    if (outgoing.length === 0) return;
    const batch = outgoing;
    outgoing = [];
    worker.postMessage(batch.length === 1 ? batch[0] : batch);
  }

  let queued: { readonly event: LedgerEvent; readonly resolve: () => void; readonly reject: (error: Error) => void }[] = [];
  let appendTimer: NodeJS.Timeout | undefined;
  function append(event: LedgerEvent): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      // Rows wait a little for company (a proxy at one request at a time appends a row every few
      // milliseconds); any other call takes them along at once, so a caller that writes a row
      // together with other work (the pipeline's memo entry) does not wait for the timer.
      if (queued.length === 0) {
        appendTimer = setTimeout(flush, APPEND_DELAY_MS);
        appendTimer.unref();
      }
      queued.push({ event, resolve, reject });
      if (queued.length >= MAX_QUEUED_ROWS) flush();
    });
  }
  function sendQueued(): void {
    if (queued.length === 0) return;
    clearTimeout(appendTimer);
    const rows = queued;
    queued = [];
    const sent = rows.length === 1 ? call<void>('ledger', 'append', [rows[0]!.event]) : call<void>('ledger', 'appendMany', [rows.map((row) => row.event)]);
    sent.then(
      () => {
        for (const row of rows) row.resolve();
      },
      (error: Error) => {
        for (const row of rows) row.reject(error);
      },
    );
  }

  function call<T>(area: StoreCall['area'], method: string, args: readonly unknown[], timeoutMs = callTimeoutMs): Promise<T> {
    sendQueued();
    if (failure) return Promise.reject(failure);
    const ordinary = timeoutMs === callTimeoutMs;
    // Fail fast while the thread is stuck: a call queued behind one that has waited this long would
    // only wait out its own deadline too. Recounts and prunes (long by design) do not count.
    const stuck = stuckFor(Date.now());
    if (ordinary && stuck >= STUCK_MS) {
      return Promise.reject(new HeadroomError('store_unavailable', `the store has not answered for ${stuck} ms (another process may hold its write lock)`));
    }
    if (closed) return Promise.reject(new HeadroomError('store_unavailable', `the Headroom store at ${rest.path ?? 'its default path'} is closed`));
    const id = nextId++;
    const deadline = Date.now() + timeoutMs;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new HeadroomError('store_unavailable', `the store did not answer within ${timeoutMs} ms (another process may hold its write lock)`));
      }, timeoutMs);
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject, timer });
      if (ordinary) unanswered.set(id, Date.now());
      send({ id, area, method, args, at: now(), deadline });
    });
  }

  return {
    originals: {
      put: (...args) => call('originals', 'put', args),
      get: (...args) => call('originals', 'get', args),
      touch: (...args) => call('originals', 'touch', args),
      lookup: (...args) => call('originals', 'lookup', args),
    },
    memo: {
      get: (...args) => call('memo', 'get', args),
      set: (...args) => call('memo', 'set', args),
    },
    ledger: {
      append,
      read: (...args) => call('ledger', 'read', args),
      // Counting a ledger again after another process pruned it reads every row: give it time.
      summary: () => call('ledger', 'summary', [], Math.max(callTimeoutMs, 60_000)),
      prune: (...args) => call('ledger', 'prune', args, Math.max(callTimeoutMs, 60_000)),
    },
    async close() {
      if (closed) return;
      // Writes already sent finish first: the worker answers calls in order.
      await call('store', 'close', [], Math.max(callTimeoutMs, 10_000)).catch(() => undefined);
      closed = true;
      await worker.terminate();
    },
  };
}

function toError(error: { code: string; message: string }): HeadroomError {
  return new HeadroomError(CODES.has(error.code) ? (error.code as HeadroomErrorCode) : 'store_unavailable', error.message);
}

/** The compiled worker; under vitest this module runs from src/, where only the .ts exists. */
function workerScript(): URL | string {
  const here = fileURLToPath(new URL('./internal/store-worker.js', import.meta.url));
  if (existsSync(here)) return here;
  return here.replace(/([/\\])src([/\\])internal([/\\])/, '$1dist$2internal$3');
}
