import { type CompressInput, type ConversationStep, contentHash, type HeldTexts, hasMarkers, isFailure, LOCAL_TENANT, type Pipeline, type PipelineResult, type TextMeasure } from '@headroom/core';
import { isStandIn } from '../workers/shared-texts.js';
import { createSpliceMemo, type SpliceMemo } from './splice-memo.js';

/**
 * Slot compression with the proxy's two guarantees on top of the pipeline's memo:
 *
 * - Pinned content stays as it was first sent. Content the proxy forwarded uncompressed because
 *   compression failed or ran out of time is pinned in the store's memo; compressing it on a later
 *   turn would change a prefix the provider may have cached.
 * - Repeats are cheap. Agents resend the whole history every turn, so most slots were seen a moment
 *   ago: a bounded in-process cache answers them without re-counting tokens, re-detecting or asking
 *   the store. It only holds results the pipeline already made deterministic (memoized or not
 *   applicable). Order of checks: the cache (a pin made here removes the text's entries for its
 *   tenant), pins made by this process, pins in the store, the pipeline.
 * - Splicing repeats is cheap too: `splice` remembers the bytes checked for each slot text and the
 *   encoding of each compressed text (see `SpliceMemo`).
 */
export interface FirstSight {
  readonly pipeline: Pipeline;
  /** The conversation step lossy requests run after per-slot compression, when the host set one. */
  readonly conversation?: ConversationStep;
  /** Stand-ins of large texts, for the conversation step (see `ConversationInput.heldTexts`). */
  readonly heldTexts?: HeldTexts;
  compress(text: string, input: CompressInput): Promise<PipelineResult>;
  pin(text: string, tenant: string | undefined): Promise<void>;
  readonly splice: SpliceMemo;
}

/** Texts from this size on are measured by the pipeline (on its threads); the same bound as its own. */
const MEASURE_HERE_BELOW_CHARS = 256 * 1024;

/** Pins are rare (failures only); this bounds the local set anyway. */
const MAX_PINNED_HERE = 100_000;

export function createFirstSight(pipeline: Pipeline, maxCachedChars: number, conversation?: ConversationStep, heldTexts?: HeldTexts): FirstSight {
  // Keyed by the slot text itself, then by tenant and options: a repeat is found without hashing
  // it (a Map compares the text exactly, and V8 hashes a long string by its length, so a lookup
  // costs a compare of equal-length candidates, not a SHA-256 of the content). The text is held
  // with its result, so both count against the bound.
  const cache = new Map<string, Map<string, Cached>>();
  // A stand-in of a large text (see `locateBody`) is new on every request: its results are found
  // by the content hash its body thread measured instead, in a table of their own.
  const byHash = new Map<string, Map<string, Cached>>();
  // Every entry, oldest first (a hit moves it to the end).
  const order = new Set<Cached>();
  let cachedChars = 0;
  // Tenant and hash of content this process pinned: checked before the cache, which may hold a
  // result that finished late.
  const pinnedHere = new Set<string>();
  const pinKey = (hash: string) => `proxy-pin|${hash}`;
  // Slots being compressed now, with their hash once measured, and the tenant of any pin asked for
  // before the hash was known. (Keys are the slot strings: V8 hashes a long string by its length,
  // so these lookups do not scan the text.)
  const inFlight = new Map<string, string | undefined>();
  const pinLater = new Map<string, string>();

  const drop = (entry: Cached) => {
    order.delete(entry);
    cachedChars -= entry.size;
    const byOptions = entry.table.get(entry.text);
    if (byOptions?.get(entry.key) !== entry) return;
    byOptions.delete(entry.key);
    if (byOptions.size === 0) entry.table.delete(entry.text);
  };

  const remember = (table: Map<string, Map<string, Cached>>, text: string, key: string, result: PipelineResult) => {
    const size = text.length + sizeOf(result);
    if (size > maxCachedChars / 4) return;
    let byOptions = table.get(text);
    const old = byOptions?.get(key);
    if (old) drop(old);
    if (!byOptions) table.set(text, (byOptions = new Map()));
    const entry: Cached = { table, text, key, result, size, markedAt: result.markers.length > 0 ? Date.now() : 0 };
    byOptions.set(key, entry);
    order.add(entry);
    cachedChars += size;
    // Set iteration is insertion order: evict the oldest until back under the bound.
    for (const oldest of order) {
      if (cachedChars <= maxCachedChars) break;
      drop(oldest);
    }
  };

  /** A pin outranks whatever the cache holds for that content and tenant. */
  const forget = (text: string, hash: string, tenant: string) => {
    for (const byOptions of [cache.get(text), byHash.get(hash)]) {
      for (const entry of [...(byOptions?.values() ?? [])]) if (entry.key.startsWith(`${tenant}|`)) drop(entry);
    }
  };

  const pinHash = async (hash: string, tenant: string, text: string) => {
    if (pinnedHere.size >= MAX_PINNED_HERE) {
      // Forgetting local pins is safe only together with the cache: the store answers from then on.
      pinnedHere.clear();
      cache.clear();
      byHash.clear();
      order.clear();
      cachedChars = 0;
    }
    pinnedHere.add(`${tenant}|${hash}`);
    forget(text, hash, tenant);
    const entry = { text: '', compressor: 'proxy-pin', contentType: '', tokensBefore: 0, tokensAfter: 0, refs: [] };
    // Not awaited: the local pin holds for this process at once, and a store waiting on a lock
    // must not hold up a request that is already failing open.
    void pipeline.store.memo.set(tenant, pinKey(hash), entry).catch(() => undefined);
  };

  return {
    pipeline,
    ...(conversation ? { conversation } : {}),
    ...(heldTexts ? { heldTexts } : {}),
    splice: createSpliceMemo(maxCachedChars),
    async compress(text, input) {
      inFlight.set(text, undefined);
      try {
        return await compressMeasured(text, input);
      } finally {
        inFlight.delete(text);
        pinLater.delete(text);
      }
    },
    pin(text, tenant) {
      const owner = tenant ?? LOCAL_TENANT;
      const hash = inFlight.get(text);
      if (hash !== undefined) return pinHash(hash, owner, text);
      // Still being measured (off-thread): pinned the moment its hash is known.
      if (inFlight.has(text)) {
        pinLater.set(text, owner);
        return Promise.resolve();
      }
      // A stand-in is pinned only while in flight, by the hash of its content (above).
      if (isStandIn(text)) return Promise.resolve();
      return pinHash(contentHash(text), owner, text);
    },
  };

  async function compressMeasured(text: string, input: CompressInput): Promise<PipelineResult> {
      const tenant = input.tenant ?? LOCAL_TENANT;
      // The tenant is part of the key: a result's markers are redeemable only by the tenant that stored them.
      const key = `${tenant}|${input.mode ?? ''}|${input.toolName ?? ''}|${input.hints?.filePath ?? ''}|${input.hints?.language ?? ''}|${input.hints?.command ?? ''}`;
      // A stand-in (see `locateBody`) is always measured by the pipeline: its own characters are not
      // the content, and its hash is its key here.
      const standIn = isStandIn(text);
      let measured = standIn ? await pipeline.measure(text) : undefined;
      const table = standIn ? byHash : cache;
      const tableKey = measured?.hash ?? text;
      const cached = table.get(tableKey)?.get(key);
      // A result with markers goes back through the pipeline now and then: its memo hit keeps the
      // originals behind the markers alive in the store for as long as the markers are sent.
      if (cached && cached.markedAt > 0 && Date.now() - cached.markedAt > MARKER_REFRESH_MS) {
        drop(cached);
      } else if (cached) {
        // Pins made by this process removed their entries (and only the pinned answer may come back
        // since), so a cached result never contradicts a pin.
        order.delete(cached);
        order.add(cached);
        return cached.result;
      }
      // Hashing and counting a large slot happen on the pipeline's threads, once for both here and the
      // pipeline. A smaller one is only hashed here: the hash alone finds pins and memo entries, and
      // its token estimate costs more than the hash; it is taken only when something needs it,
      // exactly as `pipeline.measure` would.
      if (!measured && text.length >= MEASURE_HERE_BELOW_CHARS) measured = await pipeline.measure(text);
      const hash = measured?.hash ?? contentHash(text);
      const measure = (): TextMeasure => (measured ??= { hash, tokens: pipeline.tokenizer.estimate(text), hasMarkers: hasMarkers(text) });
      inFlight.set(text, hash);
      const late = pinLater.get(text);
      if (late !== undefined) await pinHash(hash, late, text);
      // Pinned content is answered from the cache from then on as well: a pin is never lifted (only
      // forgotten together with the whole cache), and hashing and counting a resent pinned slot
      // on every turn was most of what such a request cost.
      const pinned = () => {
        const first = asFirstSent(text, measure().tokens);
        remember(table, tableKey, key, first);
        return first;
      };
      if (pinnedHere.has(`${tenant}|${hash}`)) return pinned();
      // Only content missing from the cache asks the store (another process or run may have pinned it).
      if (await pipeline.store.memo.get(tenant, pinKey(hash)).catch(() => undefined)) {
        pinnedHere.add(`${tenant}|${hash}`);
        forget(text, hash, tenant);
        return pinned();
      }
      const result = await pipeline.compress(text, { ...input, measured: measure() });
      // A failure depends on the moment, not on the content: never cached, always pinned.
      if (!result.compressed && isFailure(result.code)) {
        await pinHash(hash, tenant, text);
        return result;
      }
      // Pinned while it was compressing (the request went out without it): never reuse the late
      // result. A compressed result is served from here as the memo hit it is on every later turn.
      if (!pinnedHere.has(`${tenant}|${hash}`)) remember(table, tableKey, key, result.compressed ? { ...result, memoHit: true } : result);
      return result;
  }

  function asFirstSent(text: string, tokens: number): PipelineResult {
    return { text, compressed: false, tokensBefore: tokens, tokensAfter: tokens, exact: false, markers: [], memoHit: false, code: 'skipped', reason: 'forwarded uncompressed when first seen', warnings: [] };
  }
}

interface Cached {
  /** The table it is in (by text, or by content hash for stand-ins) and its key there. */
  readonly table: Map<string, Map<string, Cached>>;
  readonly text: string;
  /** Tenant and options, `tenant|mode|tool|hints`. */
  readonly key: string;
  readonly result: PipelineResult;
  /** Characters held (the text, the result's text and a little overhead). */
  readonly size: number;
  /** When a result with markers was cached (0 without markers). */
  readonly markedAt: number;
}

const sizeOf = (result: PipelineResult) => result.text.length + 200;

/** How long a cached result with markers is served before the store refreshes its originals' expiry. */
const MARKER_REFRESH_MS = 10 * 60 * 1000;
