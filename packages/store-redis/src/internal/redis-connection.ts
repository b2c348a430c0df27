import { HeadroomError } from '@headroom/core';
import { createClient, RESP_TYPES } from '@redis/client';
import { redactUrl } from './redact-url.js';

export interface ConnectionOptions {
  readonly url: string;
  /** Deadline of one ordinary store call (every command it sends included). */
  readonly callTimeoutMs: number;
  /** Deadline of the first connection; later ones reconnect in the background. */
  readonly connectTimeoutMs: number;
  /** Each connection error (a refused reconnect, a reset socket): for the host's log. */
  readonly onError?: (error: Error) => void;
}

/** One Redis reply as node-redis gives it over RESP2 with `Buffer` for bulk strings when asked. */
export type Reply = null | number | string | Buffer | Reply[];

export type Send = (args: readonly (string | Buffer)[], options?: { readonly buffers?: boolean }) => Promise<Reply>;

export interface Connection {
  /**
   * Runs one store call: `work` sends its commands through `send`. The whole call has a deadline
   * (`callTimeoutMs`, or `longTimeoutMs` for reads of the whole ledger); past it, while Redis is
   * not connected, or while an earlier command has gone unanswered for a second, it rejects
   * with `store_unavailable` at once.
   */
  call<T>(doing: string, work: (send: Send) => Promise<T>, longTimeoutMs?: number): Promise<T>;
  readonly where: string;
  close(): Promise<void>;
}

/** A command unanswered this long means Redis is stuck (a long script, a paused process): later calls fail at once. */
const STUCK_MS = 1000;
const BUFFERS = { [RESP_TYPES.BLOB_STRING]: Buffer } as const;
/** Commands node-redis may hold before refusing more: a bound on memory, far above what the stuck rule lets through. */
const QUEUE_CAP = 10_000;

/**
 * A node-redis client set up to fail fast: no offline queue (a command while disconnected
 * rejects at once instead of waiting for a reconnect), a deadline on every call, and
 * reconnection in the background with capped backoff.
 */
export async function openConnection(options: ConnectionOptions): Promise<Connection> {
  const where = redactUrl(options.url);
  let lastError: Error | undefined;
  let closed = false;
  const client = createClient({
    url: options.url,
    disableOfflineQueue: true,
    commandsQueueMaxLength: QUEUE_CAP,
    socket: {
      connectTimeout: options.connectTimeoutMs,
      // 100 ms, 200, 400 ... then every 2 s, forever: a replica outlives a Redis restart.
      reconnectStrategy: (retries: number) => Math.min(100 * 2 ** retries, 2000),
    },
  });
  // Without a listener node-redis's 'error' event would crash the host on the first reset socket.
  client.on('error', (error: Error) => {
    lastError = error;
    options.onError?.(error);
  });
  client.on('ready', () => {
    lastError = undefined;
  });

  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      client.connect(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no connection within ${options.connectTimeoutMs} ms`)), options.connectTimeoutMs);
      }),
    ]);
  } catch (error) {
    client.destroy();
    const detail = lastError?.message ?? (error instanceof Error ? error.message : String(error));
    throw new HeadroomError('store_unavailable', `cannot connect to the Headroom store at ${where}: ${detail}`, { cause: error });
  } finally {
    clearTimeout(timer);
  }

  // Ordinary commands sent and not answered yet, with when they were sent (insertion order: oldest first).
  const unanswered = new Map<number, number>();
  let nextId = 1;

  const unavailable = (doing: string, detail: string, cause?: unknown) =>
    new HeadroomError('store_unavailable', `cannot ${doing} the Headroom store at ${where}: ${detail}`, cause === undefined ? undefined : { cause });

  function sender(doing: string, ordinary: boolean): Send {
    return async (args, sendOptions = {}) => {
      if (closed) throw unavailable(doing, 'it is closed');
      if (!client.isReady) throw unavailable(doing, `not connected, reconnecting${lastError ? ` (${lastError.message})` : ''}`);
      const id = nextId++;
      if (ordinary) unanswered.set(id, Date.now());
      try {
        return (await client.sendCommand(args as (string | Buffer)[], sendOptions.buffers ? { typeMapping: BUFFERS } : undefined)) as Reply;
      } catch (error) {
        throw unavailable(doing, error instanceof Error ? error.message : String(error), error);
      } finally {
        unanswered.delete(id);
      }
    };
  }

  return {
    where,
    call<T>(doing: string, work: (send: Send) => Promise<T>, longTimeoutMs?: number): Promise<T> {
      if (closed) return Promise.reject(unavailable(doing, 'it is closed'));
      const ordinary = longTimeoutMs === undefined;
      const oldest = unanswered.values().next().value;
      const stuck = oldest === undefined ? 0 : Date.now() - oldest;
      // Queueing behind a command that has waited this long would only spend this caller's deadline too.
      if (ordinary && stuck >= Math.min(STUCK_MS, options.callTimeoutMs)) {
        return Promise.reject(unavailable(doing, `Redis has not answered for ${stuck} ms`));
      }
      const timeoutMs = longTimeoutMs ?? options.callTimeoutMs;
      let deadline: NodeJS.Timeout | undefined;
      return Promise.race([
        work(sender(doing, ordinary)),
        new Promise<never>((_, reject) => {
          deadline = setTimeout(() => reject(unavailable(doing, `Redis did not answer within ${timeoutMs} ms`)), timeoutMs);
        }),
      ]).finally(() => clearTimeout(deadline));
    },
    async close() {
      if (closed) return;
      closed = true;
      // Commands already sent get their answers (a write in flight lands); a dead server does not hold close up.
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([client.close().catch(() => undefined), new Promise((resolve) => (timer = setTimeout(resolve, options.callTimeoutMs)))]);
      clearTimeout(timer);
      if (client.isOpen) client.destroy();
    },
  };
}
