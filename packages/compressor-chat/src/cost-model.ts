/**
 * Prompt-cache prices as multipliers of the plain input price: every cost here is in
 * cache-weighted token-equivalents (1 = one uncached input token), never in dollars. The dollar
 * table lives with the stats (one place for money); these are the only ratios the compaction
 * decision needs, from the providers' pricing pages (2026-12).
 */
export interface CacheMultipliers {
  /** A token written to the cache (Anthropic bills writes; OpenAI does not: 1). */
  readonly write: number;
  /** A token read from the cache. */
  readonly read: number;
}

export type CacheProvider = 'anthropic' | 'openai';

/** Anthropic: write 1.25x with the 5-minute TTL, 2x with the 1-hour TTL; read 0.1x. */
export const ANTHROPIC_5M: CacheMultipliers = { write: 1.25, read: 0.1 };
export const ANTHROPIC_1H: CacheMultipliers = { write: 2, read: 0.1 };

/**
 * OpenAI: caching is automatic and writes cost nothing extra; the cached-input discount depends on
 * the model family (gpt-4o 50%, gpt-4.1 and o-series 75%, gpt-5 90%). Longest prefix first.
 */
const OPENAI_READ: readonly [prefix: string, read: number][] = [
  ['gpt-5', 0.1],
  ['gpt-4.1', 0.25],
  ['o4', 0.25],
  ['o3', 0.25],
  ['gpt-4o', 0.5],
  ['o1', 0.5],
];
/** Unknown OpenAI models: the smallest discount, so a rewrite is never judged cheaper than it is. */
const OPENAI_DEFAULT_READ = 0.5;

export function cacheMultipliers(provider: CacheProvider, model: string, ttl1h: boolean): CacheMultipliers {
  if (provider === 'anthropic') return ttl1h ? ANTHROPIC_1H : ANTHROPIC_5M;
  const read = OPENAI_READ.find(([prefix]) => model.startsWith(prefix))?.[1] ?? OPENAI_DEFAULT_READ;
  return { write: 1, read };
}

/** One request's input in the three billed kinds, in tokens. */
export interface BilledTokens {
  readonly input: number;
  readonly cacheRead: number;
  readonly cacheWrite: number;
}

/** Cache-weighted cost of one request's input, in token-equivalents. */
export function cacheWeightedCost(tokens: BilledTokens, prices: CacheMultipliers): number {
  return tokens.input + tokens.cacheRead * prices.read + tokens.cacheWrite * prices.write;
}

export interface CompactionCase {
  /** Tokens of the request as it would go out without compacting. */
  readonly total: number;
  /** Tokens before the first byte the compaction changes: still read from the cache when warm. */
  readonly unchangedPrefix: number;
  /** Tokens the compaction removes. */
  readonly removed: number;
  /** False when the cache is known to be cold (idle past its TTL): everything is written anyway. */
  readonly warm: boolean;
}

/**
 * Turns until compacting now has paid for itself (0 when it is cheaper at once, Infinity when it
 * never is). Without compacting, each later turn reads `total` from the cache; compacting makes
 * this turn write everything after the first changed byte, and each later turn reads `removed`
 * fewer tokens. When the cache is cold this turn writes everything either way, so any removal pays
 * at once.
 */
export function compactionPaybackTurns(c: CompactionCase, prices: CacheMultipliers): number {
  if (c.removed <= 0) return Number.POSITIVE_INFINITY;
  if (!c.warm) return 0;
  const keep = c.total * prices.read;
  const compact = c.unchangedPrefix * prices.read + Math.max(0, c.total - c.unchangedPrefix - c.removed) * prices.write;
  const extra = compact - keep;
  if (extra <= 0) return 0;
  const perTurn = c.removed * prices.read;
  return extra / perTurn;
}

export interface ToolArrivalCase {
  /** Tokens of the request that the provider would read from its cache this turn (everything sent before). */
  readonly cachedPrefix: number;
  /** Tokens that results in that prefix, sent raw so far, would shed once they may carry markers. */
  readonly savedInPrefix: number;
  /** Tokens that this turn's new results shed with their markers. */
  readonly savedNew: number;
  /** The retrieve tool's own tokens, sent on this and every later request. */
  readonly toolTokens: number;
}

/**
 * Turns until bringing the retrieve tool now has paid for itself (0 when it is cheaper at once,
 * Infinity when it never is). The tool changes the tool list, which providers cache first, so this
 * turn writes the whole prefix (less what the held-back results shed) instead of reading it; the new
 * results are written either way, smaller with their markers. Each later turn reads the savings
 * fewer tokens, and the tool more.
 */
export function toolArrivalPaybackTurns(c: ToolArrivalCase, prices: CacheMultipliers): number {
  const extra = (c.cachedPrefix - c.savedInPrefix + c.toolTokens) * prices.write - c.cachedPrefix * prices.read - c.savedNew * prices.write;
  if (extra <= 0) return 0;
  const perTurn = (c.savedInPrefix + c.savedNew - c.toolTokens) * prices.read;
  return perTurn > 0 ? extra / perTurn : Number.POSITIVE_INFINITY;
}
