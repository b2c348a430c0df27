import { type CompressInput, contentHash, type Pipeline, type PipelineResult } from '@headroom/core';

/**
 * Slot compression with the proxy's two guarantees on top of the pipeline's memo:
 *
 * - Pinned content stays as it was first sent. Content the proxy forwarded uncompressed because
 *   compression failed or ran out of time is pinned in the store's memo; compressing it on a later
 *   turn would change a prefix the provider may have cached.
 * - Repeats are cheap. Agents resend the whole history every turn, so most slots were seen a moment
 *   ago: a bounded in-process cache answers them without re-counting tokens or re-detecting.
 *   It only holds results the pipeline already made deterministic (memoized or not applicable).
 */
export interface FirstSight {
  readonly pipeline: Pipeline;
  compress(text: string, input: CompressInput): Promise<PipelineResult>;
  pin(text: string): Promise<void>;
}

/** Pipeline reasons that depend on the moment, not on the content: never cached, always pinned. */
const TRANSIENT = /timed out|after its deadline|^store unavailable|^compressor threw/;

export function createFirstSight(pipeline: Pipeline, maxCachedChars: number): FirstSight {
  const cache = new Map<string, PipelineResult>();
  let cachedChars = 0;
  const pinKey = (hash: string) => `proxy-pin|${hash}`;

  const remember = (key: string, result: PipelineResult, size: number) => {
    if (size > maxCachedChars / 4) return;
    cache.set(key, result);
    cachedChars += size;
    // Map iteration is insertion order: evict the oldest until back under the bound.
    for (const [oldKey, old] of cache) {
      if (cachedChars <= maxCachedChars) break;
      cache.delete(oldKey);
      cachedChars -= sizeOf(old);
    }
  };

  const pinHash = async (hash: string) => {
    const entry = { text: '', compressor: 'proxy-pin', contentType: '', tokensBefore: 0, tokensAfter: 0, refs: [] };
    await pipeline.store.memo.set(pinKey(hash), entry).catch(() => undefined);
  };

  return {
    pipeline,
    async compress(text, input) {
      const hash = contentHash(text);
      if (await pipeline.store.memo.get(pinKey(hash)).catch(() => undefined)) {
        const tokens = pipeline.tokenizer.estimate(text);
        return { text, compressed: false, tokensBefore: tokens, tokensAfter: tokens, exact: false, markers: [], memoHit: false, reason: 'forwarded uncompressed when first seen', warnings: [] };
      }
      const key = `${hash}|${input.toolName ?? ''}|${input.hints?.filePath ?? ''}|${input.hints?.language ?? ''}`;
      const cached = cache.get(key);
      if (cached) {
        // Refresh its place in the eviction order.
        cache.delete(key);
        cache.set(key, cached);
        return cached.compressed ? { ...cached, memoHit: true } : cached;
      }
      const result = await pipeline.compress(text, input);
      if (!result.compressed && result.reason !== undefined && TRANSIENT.test(result.reason)) {
        await pinHash(hash);
        return result;
      }
      remember(key, result, sizeOf(result));
      return result;
    },
    pin: (text) => pinHash(contentHash(text)),
  };
}

const sizeOf = (result: PipelineResult) => result.text.length + 200;
