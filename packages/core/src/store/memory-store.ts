import { createLedgerAggregate } from '../ledger/ledger-aggregate.js';
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
  // Keyed by tenant and ref (or key) joined with NUL, which neither can contain.
  const originals = new Map<string, StoredOriginal>();
  const memo = new Map<string, { entry: MemoEntry; expiresAt: number }>();
  let events: LedgerEvent[] = [];
  const aggregate = createLedgerAggregate();
  const live = (key: string): StoredOriginal | undefined => {
    const stored = originals.get(key);
    if (stored && stored.expiresAt <= now()) {
      originals.delete(key);
      return undefined;
    }
    return stored;
  };

  return {
    originals: {
      async put(tenant, ref, original, meta, ttlMs = defaultTtl) {
        const createdAt = now();
        const key = `${tenant}\0${ref}`;
        const expiresAt = Math.max(createdAt + ttlMs, live(key)?.expiresAt ?? 0);
        originals.set(key, { tenant, ref, original, meta, createdAt, expiresAt });
      },
      async touch(tenant, refs, ttlMs = defaultTtl) {
        const missing: string[] = [];
        for (const ref of refs) {
          const stored = live(`${tenant}\0${ref}`);
          if (!stored) missing.push(ref);
          else originals.set(`${tenant}\0${ref}`, { ...stored, expiresAt: Math.max(stored.expiresAt, now() + ttlMs) });
        }
        return missing;
      },
      async get(tenant, ref) {
        return live(`${tenant}\0${ref}`);
      },
      async lookup(ref) {
        for (const key of originals.keys()) {
          if (key.endsWith(`\0${ref}`)) {
            const stored = live(key);
            if (stored) return stored;
          }
        }
        return undefined;
      },
    },
    memo: {
      async get(tenant, key) {
        const hit = memo.get(`${tenant}\0${key}`);
        if (!hit || hit.expiresAt <= now()) return undefined;
        return hit.entry;
      },
      async set(tenant, key, entry, ttlMs = DEFAULT_MEMO_TTL_MS) {
        memo.set(`${tenant}\0${key}`, { entry, expiresAt: now() + ttlMs });
      },
    },
    ledger: {
      async append(event) {
        events.push(event);
        aggregate.add(event);
      },
      async summary() {
        return aggregate.summary();
      },
      async prune(before) {
        const kept = events.filter((e) => e.time >= before);
        for (const event of events) if (event.time < before) aggregate.remove(event);
        const removed = events.length - kept.length;
        events = kept;
        return removed;
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
