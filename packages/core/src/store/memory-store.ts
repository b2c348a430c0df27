import {
  DEFAULT_MEMO_TTL_MS,
  DEFAULT_ORIGINAL_TTL_MS,
  type HeadroomStore,
  type LedgerEvent,
  type MemoEntry,
  type StoredOriginal,
} from './store.js';

export interface MemoryStoreOptions {
  readonly originalTtlMs?: number;
  /** A clock, for tests of expiry. Default: Date.now. */
  readonly now?: () => number;
}

/** An in-process store for tests and one-shot tools. Nothing survives the process. */
export function createMemoryStore(options: MemoryStoreOptions = {}): HeadroomStore {
  const now = options.now ?? Date.now;
  const defaultTtl = options.originalTtlMs ?? DEFAULT_ORIGINAL_TTL_MS;
  const originals = new Map<string, StoredOriginal>();
  const memo = new Map<string, { entry: MemoEntry; expiresAt: number }>();
  const events: LedgerEvent[] = [];

  return {
    originals: {
      async put(ref, original, meta, ttlMs = defaultTtl) {
        const createdAt = now();
        originals.set(ref, { ref, original, meta, createdAt, expiresAt: createdAt + ttlMs });
      },
      async touch(refs, ttlMs = defaultTtl) {
        const missing: string[] = [];
        for (const ref of refs) {
          const stored = originals.get(ref);
          if (!stored || stored.expiresAt <= now()) missing.push(ref);
          else originals.set(ref, { ...stored, expiresAt: Math.max(stored.expiresAt, now() + ttlMs) });
        }
        return missing;
      },
      async get(ref) {
        const stored = originals.get(ref);
        if (!stored) return undefined;
        if (stored.expiresAt <= now()) {
          originals.delete(ref);
          return undefined;
        }
        return stored;
      },
    },
    memo: {
      async get(key) {
        const hit = memo.get(key);
        if (!hit || hit.expiresAt <= now()) return undefined;
        return hit.entry;
      },
      async set(key, entry, ttlMs = DEFAULT_MEMO_TTL_MS) {
        memo.set(key, { entry, expiresAt: now() + ttlMs });
      },
    },
    ledger: {
      async append(event) {
        events.push(event);
      },
      async read(query = {}) {
        return events.filter(
          (e) => (query.since === undefined || e.time >= query.since) && (query.type === undefined || e.type === query.type),
        );
      },
    },
    async close() {},
  };
}
