import { type CompressInput, type ConversationStep, contentHash, hasMarkers, isFailure, LOCAL_TENANT, type Pipeline, type PipelineResult, type TextMeasure } from '@headroom/core';
import { isStandIn } from '../workers/shared-texts.js';

/**
 * Slot compression with the proxy's two guarantees on top of the pipeline's memo:
 *
 * - Pinned content stays as it was first sent. Content the proxy forwarded uncompressed because
 *   compression failed or ran out of time is pinned in the store's memo; compressing it on a later
 *   turn would change a prefix the provider may have cached.
 * - Repeats are cheap. Agents resend the whole history every turn, so most slots were seen a moment
 *   ago: a bounded in-process cache answers them without re-counting tokens, re-detecting or asking
 *   the store. It only holds results the pipeline already made deterministic (memoized or not
 *   applicable). Order of checks: pins made by this process, the cache, pins in the store, the
 *   pipeline.
 */
export interface FirstSight {
  readonly pipeline: Pipeline;
  /** The conversation step lossy requests run after per-slot compression, when the host set one. */
  readonly conversation?: ConversationStep;
  compress(text: string, input: CompressInput): Promise<PipelineResult>;
  pin(text: string, tenant: string | undefined): Promise<void>;
}

/** Texts from this size on are measured by the pipeline (on its threads); the same bound as its own. */
const MEASURE_HERE_BELOW_CHARS = 256 * 1024;

/** Pins are rare (failures only); this bounds the local set anyway. */
const MAX_PINNED_HERE = 100_000;

export function createFirstSight(pipeline: Pipeline, maxCachedChars: number, conversation?: ConversationStep): FirstSight {
  const cache = new Map<string, PipelineResult>();
  const markedAt = new Map<string, number>();
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

  const remember = (key: string, result: PipelineResult, size: number) => {
    if (size > maxCachedChars / 4) return;
    cache.set(key, result);
    if (result.markers.length > 0) markedAt.set(key, Date.now());
    cachedChars += size;
    // Map iteration is insertion order: evict the oldest until back under the bound.
    for (const [oldKey, old] of cache) {
      if (cachedChars <= maxCachedChars) break;
      cache.delete(oldKey);
      markedAt.delete(oldKey);
      cachedChars -= sizeOf(old);
    }
  };

  const pinHash = async (hash: string, tenant: string) => {
    if (pinnedHere.size >= MAX_PINNED_HERE) {
      // Forgetting local pins is safe only together with the cache: the store answers from then on.
      pinnedHere.clear();
      cache.clear();
      cachedChars = 0;
    }
    pinnedHere.add(`${tenant}|${hash}`);
    const entry = { text: '', compressor: 'proxy-pin', contentType: '', tokensBefore: 0, tokensAfter: 0, refs: [] };
    // Not awaited: the local pin holds for this process at once, and a store waiting on a lock
    // must not hold up a request that is already failing open.
    void pipeline.store.memo.set(tenant, pinKey(hash), entry).catch(() => undefined);
  };

  return {
    pipeline,
    ...(conversation ? { conversation } : {}),
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
      if (hash !== undefined) return pinHash(hash, owner);
      // Still being measured (off-thread): pinned the moment its hash is known.
      if (inFlight.has(text)) {
        pinLater.set(text, owner);
        return Promise.resolve();
      }
      // A stand-in is pinned only while in flight, by the hash of its content (above).
      if (isStandIn(text)) return Promise.resolve();
      return pinHash(contentHash(text), owner);
    },
  };

  async function compressMeasured(text: string, input: CompressInput): Promise<PipelineResult> {
      // Hashing and counting a large slot happen on the pipeline's threads, once for both here and the
      // pipeline. A smaller one is only hashed here: the hash alone finds pins and cache hits (resent
      // history, the common case), and its token estimate costs more than the hash; it is taken
      // only when something needs it, exactly as `pipeline.measure` would.
      // A stand-in (see `locateBody`) is always measured there: its own characters are not the content.
      let measured = text.length >= MEASURE_HERE_BELOW_CHARS || isStandIn(text) ? await pipeline.measure(text) : undefined;
      const hash = measured?.hash ?? contentHash(text);
      const measure = (): TextMeasure => (measured ??= { hash, tokens: pipeline.tokenizer.estimate(text), hasMarkers: hasMarkers(text) });
      inFlight.set(text, hash);
      const tenant = input.tenant ?? LOCAL_TENANT;
      const late = pinLater.get(text);
      if (late !== undefined) await pinHash(hash, late);
      if (pinnedHere.has(`${tenant}|${hash}`)) return asFirstSent(text, measure().tokens);
      // The tenant is part of the key: a result's markers are redeemable only by the tenant that stored them.
      const key = `${tenant}|${hash}|${input.mode ?? ''}|${input.toolName ?? ''}|${input.hints?.filePath ?? ''}|${input.hints?.language ?? ''}|${input.hints?.command ?? ''}`;
      const cached = cache.get(key);
      // A result with markers goes back through the pipeline now and then: its memo hit keeps the
      // originals behind the markers alive in the store for as long as the markers are sent.
      if (cached && cached.markers.length > 0 && Date.now() - (markedAt.get(key) ?? 0) > MARKER_REFRESH_MS) {
        cache.delete(key);
        markedAt.delete(key);
        cachedChars -= sizeOf(cached);
      } else if (cached) {
        // Refresh its place in the eviction order.
        cache.delete(key);
        cache.set(key, cached);
        return cached.compressed ? { ...cached, memoHit: true } : cached;
      }
      // Only content missing from the cache asks the store (another process or run may have pinned it).
      if (await pipeline.store.memo.get(tenant, pinKey(hash)).catch(() => undefined)) {
        pinnedHere.add(`${tenant}|${hash}`);
        return asFirstSent(text, measure().tokens);
      }
      const result = await pipeline.compress(text, { ...input, measured: measure() });
      // A failure depends on the moment, not on the content: never cached, always pinned.
      if (!result.compressed && isFailure(result.code)) {
        await pinHash(hash, tenant);
        return result;
      }
      // Pinned while it was compressing (the request went out without it): never reuse the late result.
      if (!pinnedHere.has(`${tenant}|${hash}`)) remember(key, result, sizeOf(result));
      return result;
  }

  function asFirstSent(text: string, tokens: number): PipelineResult {
    return { text, compressed: false, tokensBefore: tokens, tokensAfter: tokens, exact: false, markers: [], memoHit: false, code: 'skipped', reason: 'forwarded uncompressed when first seen', warnings: [] };
  }
}

const sizeOf = (result: PipelineResult) => result.text.length + 200;

/** How long a cached result with markers is served before the store refreshes its originals' expiry. */
const MARKER_REFRESH_MS = 10 * 60 * 1000;
