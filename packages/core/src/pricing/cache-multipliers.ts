/**
 * What a provider charges for cached input, as a multiple of the model's base input price. One
 * home for these ratios: the pricing table derives its cache prices from them, and a cost model
 * (the conversation compressor's "does this rewrite pay for itself") should import them from here.
 *
 * Anthropic (prompt caching, docs.anthropic.com/en/docs/about-claude/pricing): a cache write costs
 * 1.25x base input with the default 5-minute TTL and 2x with the 1-hour TTL; a cache hit (read or
 * refresh) costs 0.1x.
 *
 * OpenAI (automatic prompt caching, openai.com/api/pricing): no write premium; cached input is
 * billed at a per-model ratio of base input (0.5 for gpt-4o, 0.25 for gpt-4.1 and o3/o4-mini,
 * 0.1 for the gpt-5 family).
 */
export const ANTHROPIC_CACHE_MULTIPLIERS = Object.freeze({
  /** Cache write with `ttl: "5m"` (the default). */
  write5m: 1.25,
  /** Cache write with `ttl: "1h"`. */
  write1h: 2,
  /** Cache hit or refresh. */
  read: 0.1,
});

/** OpenAI cached-input price as a fraction of base input, by model family (longest prefix wins). */
export const OPENAI_CACHED_INPUT_RATIOS: Readonly<Record<string, number>> = Object.freeze({
  'gpt-4o': 0.5,
  'gpt-4.1': 0.25,
  o3: 0.25,
  'o4-mini': 0.25,
  'gpt-5': 0.1,
});

export interface CacheMultipliers {
  /** Write to the cache with the short (default) TTL. */
  readonly write5m: number;
  /** Write with the long TTL (Anthropic's 1 hour); equal to `write5m` where there is none. */
  readonly write1h: number;
  readonly read: number;
}

/**
 * The cache ratios for a provider's model; undefined for an OpenAI model whose ratio is not known
 * (never a guess: a caller then has no cache price for it).
 */
export function cacheMultipliers(provider: 'anthropic' | 'openai', model: string): CacheMultipliers | undefined {
  if (provider === 'anthropic') return ANTHROPIC_CACHE_MULTIPLIERS;
  let best: string | undefined;
  for (const prefix of Object.keys(OPENAI_CACHED_INPUT_RATIOS)) {
    if (model.startsWith(prefix) && (best === undefined || prefix.length > best.length)) best = prefix;
  }
  if (best === undefined) return undefined;
  const read = OPENAI_CACHED_INPUT_RATIOS[best]!;
  return { write5m: 1, write1h: 1, read };
}
