/** A model's prices in US dollars per million tokens. */
export interface ModelPrice {
  readonly provider: 'anthropic' | 'openai' | 'other';
  /** Uncached input. */
  readonly input: number;
  readonly output: number;
  /** Input written to the cache with the short (default) TTL. */
  readonly cacheWrite5m: number;
  /** Input written to the cache with the long TTL (Anthropic's 1 hour). */
  readonly cacheWrite1h: number;
  /** Input read from the cache (a hit). */
  readonly cacheRead: number;
}

export interface PricingTable {
  /** The date the prices were taken from their source (YYYY-MM-DD), or what an override file says. */
  readonly version: string;
  /** Where the prices come from (URLs, or the override file's path). */
  readonly sources: readonly string[];
  /** Keyed by normalized model id (see `normalizeModelId`). */
  readonly models: Readonly<Record<string, ModelPrice>>;
}
