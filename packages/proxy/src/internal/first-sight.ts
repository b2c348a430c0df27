import { type CompressInput, contentHash, isFailure, LOCAL_TENANT, type Pipeline, type PipelineResult } from '@headroom/core';

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
  compress(text: string, input: CompressInput): Promise<PipelineResult>;
  pin(text: string, tenant: string | undefined): Promise<void>;
}

/** Pins are rare (failures only); this bounds the local set anyway. */
const MAX_PINNED_HERE = 100_000;

export function createFirstSight(pipeline: Pipeline, maxCachedChars: number): FirstSight {
  const cache = new Map<string, PipelineResult>();
  const markedAt = new Map<string, number>();
  let cachedChars = 0;
  // Tenant and hash of content this process pinned: checked before the cache, which may hold a
  // result that finished late.
  const pinnedHere = new Set<string>();
  const pinKey = (hash: string) => `proxy-pin|${hash}`;

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
    async compress(text, input) {
      const hash = contentHash(text);
      const tenant = input.tenant ?? LOCAL_TENANT;
      if (pinnedHere.has(`${tenant}|${hash}`)) return asFirstSent(text);
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
        return asFirstSent(text);
      }
      const result = await pipeline.compress(text, input);
      // A failure depends on the moment, not on the content: never cached, always pinned.
      if (!result.compressed && isFailure(result.code)) {
        await pinHash(hash, tenant);
        return result;
      }
      remember(key, result, sizeOf(result));
      return result;
    },
    pin: (text, tenant) => pinHash(contentHash(text), tenant ?? LOCAL_TENANT),
  };

  function asFirstSent(text: string): PipelineResult {
    const tokens = pipeline.tokenizer.estimate(text);
    return { text, compressed: false, tokensBefore: tokens, tokensAfter: tokens, exact: false, markers: [], memoHit: false, code: 'skipped', reason: 'forwarded uncompressed when first seen', warnings: [] };
  }
}

const sizeOf = (result: PipelineResult) => result.text.length + 200;

/** How long a cached result with markers is served before the store refreshes its originals' expiry. */
const MARKER_REFRESH_MS = 10 * 60 * 1000;
