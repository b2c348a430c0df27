/** Messages between the bench and the processes it forks (the upstream and the proxies). */
export type ChildRequest =
  | { readonly type: 'stats' }
  | { readonly type: 'memory' }
  /** The proxy's own figure for each request since `since` (ms since the epoch): time from body received to forwarding. */
  | { readonly type: 'ledger'; readonly since: number }
  | { readonly type: 'close' };

export type ChildReply =
  | { readonly type: 'ready'; readonly url: string }
  | { readonly type: 'stats'; readonly requests: number; readonly bytes: number }
  | {
      readonly type: 'memory';
      readonly rss: number;
      readonly heapUsed: number;
      /** Memory of Buffers and other objects outside the JS heap. */
      readonly external: number;
      /** False when the process could not be asked to collect garbage first. */
      readonly afterGc: boolean;
    }
  | { readonly type: 'ledger'; readonly addedLatencyMs: readonly number[] }
  | { readonly type: 'closed' };

/** Lets a forked process answer requests from the bench over the IPC channel. */
export function serveChild(handle: (request: ChildRequest) => Promise<ChildReply> | ChildReply): void {
  process.on('message', (message: ChildRequest) => {
    void Promise.resolve(handle(message)).then((reply) => {
      process.send?.(reply);
      if (reply.type === 'closed') process.disconnect();
    });
  });
  // The bench died or let go of us: never linger as an orphan holding a port.
  process.on('disconnect', () => process.exit(0));
}

/** Reads the process's memory, after a full collection when node runs with --expose-gc. */
export function memoryReply(): ChildReply {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const usage = process.memoryUsage();
  return { type: 'memory', rss: usage.rss, heapUsed: usage.heapUsed, external: usage.external, afterGc: gc !== undefined };
}
