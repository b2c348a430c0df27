import type { LedgerSummary } from '../ledger/summarize-ledger.js';
import type { CompressionMode } from '../compressor.js';
import type { FailureCode } from '../pipeline/outcome.js';

/** What the store keeps next to an original, for retrieval messages and stats. */
export interface OriginalMeta {
  /** The marker summary this original stands behind ("87 rows omitted (2-88)"). */
  readonly summary?: string;
  readonly kind?: string;
  readonly compressor?: string;
  readonly toolName?: string;
  readonly contentType?: string;
  /** The family of the command that produced the content (`git log`, `pytest`; see `commandFamily`). */
  readonly commandFamily?: string;
}

export interface StoredOriginal {
  readonly tenant: string;
  readonly ref: string;
  readonly original: string;
  readonly meta: OriginalMeta;
  /** Milliseconds since the epoch. */
  readonly createdAt: number;
  readonly expiresAt: number;
}

/**
 * Originals behind markers, by tenant and ref. Nothing crosses tenants: `get` of a ref that only
 * another tenant stored is undefined, exactly as for a ref that never existed or has expired.
 */
export interface OriginalStore {
  put(tenant: string, ref: string, original: string, meta: OriginalMeta, ttlMs?: number): Promise<void>;
  get(tenant: string, ref: string): Promise<StoredOriginal | undefined>;
  /**
   * Extends the expiry of this tenant's originals to at least `ttlMs` from now (a memo hit means
   * their markers are being sent again). Returns the refs that were already gone.
   */
  touch(tenant: string, refs: readonly string[], ttlMs?: number): Promise<string[]>;
  /**
   * The original under `ref` in whichever tenant holds it. Only for the store's local owner (the
   * `headroom retrieve` command reading its own file); never reachable from a client of a host.
   */
  lookup(ref: string): Promise<StoredOriginal | undefined>;
}

/** A memoized compression: the same content and options always give these same bytes. */
export interface MemoEntry {
  readonly text: string;
  readonly compressor: string;
  readonly contentType: string;
  readonly tokensBefore: number;
  readonly tokensAfter: number;
  readonly refs: readonly string[];
}

/** Memo entries are per tenant: one tenant's compression never hands out markers another tenant stored. */
export interface MemoStore {
  get(tenant: string, key: string): Promise<MemoEntry | undefined>;
  set(tenant: string, key: string, entry: MemoEntry, ttlMs?: number): Promise<void>;
}

/** One compression of one piece of content. */
export interface CompressionEvent {
  readonly type: 'compression';
  readonly time: number;
  readonly compressor: string;
  readonly contentType: string;
  readonly toolName?: string;
  readonly tokensBefore: number;
  readonly tokensAfter: number;
  /** False when the counts are estimates. */
  readonly exact: boolean;
  /** Which host produced it: cli, proxy, mcp, sdk. */
  readonly source?: string;
  /** The tenant it belongs to (absent in rows written before tenants existed: the local tenant). */
  readonly tenant?: string;
  /** How many omissions (markers) the result carries; absent in rows written before it was recorded. */
  readonly markers?: number;
  /** The family of the command that produced the content (`git log`), when the host knew the command. */
  readonly commandFamily?: string;
  /** The mode it was compressed in, when a tool policy changed it from the host's. */
  readonly mode?: CompressionMode;
}

/** One request through a host (the proxy). Usage figures are the provider's own. */
export interface RequestEvent {
  readonly type: 'request';
  readonly time: number;
  readonly provider: string;
  readonly model: string;
  readonly route: string;
  readonly status: number;
  readonly tokensBefore: number;
  readonly tokensAfter: number;
  /** Tokens before/after per compressor, for this request. */
  readonly byCompressor?: Readonly<Record<string, { tokensBefore: number; tokensAfter: number }>>;
  readonly usage?: {
    readonly inputTokens?: number;
    readonly outputTokens?: number;
    readonly cacheReadTokens?: number;
    readonly cacheWriteTokens?: number;
  };
  /** Milliseconds Headroom added before forwarding. */
  readonly addedLatencyMs: number;
  readonly source?: string;
  readonly tenant?: string;
}

/** One original handed back to a model or a user. */
export interface RetrievalEvent {
  readonly type: 'retrieval';
  readonly time: number;
  readonly ref: string;
  readonly found: boolean;
  readonly compressor?: string;
  readonly toolName?: string;
  readonly round?: number;
  readonly latencyMs?: number;
  readonly source?: string;
  readonly tenant?: string;
  /** What the omission was (the offload's kind: `rows`, `lines`, `string`, `whole`...), from the original's meta. */
  readonly kind?: string;
  /** The family of the command whose output it was, from the original's meta. */
  readonly commandFamily?: string;
}

/**
 * The agent ran the same command, or read the same file, again right after a compressed result of
 * it: a sign the visible part was not enough, when it did not (or could not) retrieve the original.
 * Attributed to the earlier, compressed result.
 */
export interface RereadEvent {
  readonly type: 'reread';
  readonly time: number;
  /** Ref of the whole original of the earlier, compressed result. */
  readonly ref: string;
  readonly compressor: string;
  readonly toolName?: string;
  readonly commandFamily?: string;
  /** What repeated: the same command line, or the same file path. */
  readonly by: 'command' | 'file';
  readonly source?: string;
  readonly tenant?: string;
}

/**
 * A failure inside Headroom that let an original through uncompressed (fail open), or a store
 * write that was lost. `message` is for the operator reading the ledger; it may name local paths
 * and never goes to a client.
 */
export interface FailureEvent {
  readonly type: 'failure';
  readonly time: number;
  readonly code: FailureCode;
  readonly message: string;
  readonly compressor?: string;
  readonly toolName?: string;
  readonly source?: string;
  readonly tenant?: string;
}

export type LedgerEvent = CompressionEvent | RequestEvent | RetrievalEvent | FailureEvent | RereadEvent;

export interface LedgerQuery {
  /** Only events at or after this time (ms since epoch). */
  readonly since?: number;
  readonly type?: LedgerEvent['type'];
}

/** Append-only: one row per event. Every figure Headroom reports is summed from these rows. */
export interface Ledger {
  append(event: LedgerEvent): Promise<void>;
  read(query?: LedgerQuery): Promise<LedgerEvent[]>;
  /**
   * `summarizeLedger` over every row, from running totals (`createLedgerAggregate`) rather than a
   * re-read: what `/stats` and `/metrics` answer from. Optional: hosts fall back to
   * `summarizeLedger(await read())` for a store without it.
   */
  summary?(): Promise<LedgerSummary>;
  /** Deletes rows older than `before` (ms since the epoch), the retention policy; resolves to how many. */
  prune?(before: number): Promise<number>;
}

export interface HeadroomStore {
  readonly originals: OriginalStore;
  readonly memo: MemoStore;
  readonly ledger: Ledger;
  close(): Promise<void>;
}

/** Originals live a day unless the host says otherwise. */
export const DEFAULT_ORIGINAL_TTL_MS = 24 * 60 * 60 * 1000;
/** Memo entries outlive originals by a day: a resent tool result must keep its bytes. */
export const DEFAULT_MEMO_TTL_MS = 48 * 60 * 60 * 1000;
