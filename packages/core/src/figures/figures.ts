import type { RecentFailure } from '../ledger/ledger-tally.js';
import type { LedgerSummary, SavingsTotals } from '../ledger/summarize-ledger.js';

/** Tokens before and after, and what that saved. */
export interface TokenFigures {
  before: number;
  after: number;
  saved: number;
  /** saved / before, 0..100, one decimal; 0 when nothing was seen. */
  savingsPercent: number;
}

/** Dollars of one model (or of everything priced). */
export interface DollarFigures {
  /** What the provider billed, each token at its own rate (uncached input, cache write, cache read, output). */
  cost: number;
  /** What the saved tokens would have cost, each at the rate its share of the input was billed at. */
  saved: number;
  /** cost + saved: the bill without Headroom. */
  costWithout: number;
  /** saved / costWithout, 0..100, one decimal. */
  savingsPercent: number;
}

export interface ModelFigures {
  requests: number;
  tokens: TokenFigures;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  /** Absent when the pricing table does not list the model: tokens only, never a guessed price. */
  dollars?: DollarFigures;
}

export interface KeyFigures {
  requests: number;
  compressions: number;
  retrievals: number;
  failures: number;
  tokens: TokenFigures;
}

export interface RetrievalRate {
  compressions: number;
  retrievals: number;
  /** retrievals / compressions (0 when nothing was compressed): how often a compression's marker was redeemed. */
  rate: number;
}

export interface HourFigures {
  /** Start of the UTC hour, ms since the epoch. */
  time: number;
  requests: number;
  tokensSaved: number;
  tokensBefore: number;
  retrievals: number;
  failures: number;
}

/**
 * Every figure Headroom reports, computed once (`computeFigures`) from a ledger summary:
 * `headroom stats`, `/stats`, `/metrics` and `/dashboard` all show these and nothing else.
 */
export interface Figures {
  /** Bumped when a figure changes definition. */
  figuresVersion: 1;
  /** The window's start (ms since the epoch); absent for the whole ledger. */
  since?: number;
  /**
   * Headline tokens. Per host: a host that records model calls (the proxy) counts what it kept out
   * of them, every resend of compressed content included; a host that does not (CLI, MCP) counts
   * what its compressions removed, once each.
   */
  tokens: TokenFigures;
  requests: { count: number; byProvider: Record<string, number> };
  dollars: {
    currency: 'USD';
    pricingVersion: string;
    /** Over the priced models only. */
    cost: number;
    saved: number;
    costWithout: number;
    savingsPercent: number;
    /** Requests whose model has a price, and those without. */
    pricedRequests: number;
    unpricedRequests: number;
    unpricedModels: string[];
    /** Headline tokens saved that no price covers (unpriced models, hosts that record no model). */
    unpricedTokensSaved: number;
  };
  cache: {
    inputTokens: number;
    cacheReadTokens: number;
    cacheWriteTokens: number;
    outputTokens: number;
    /** Cache reads / all input the providers reported (uncached + written + read), 0..100, one decimal. */
    hitSharePercent: number;
  };
  compression: SavingsTotals & { estimatedEvents: number };
  retrievals: { count: number; found: number; missed: number; byTool: Record<string, RetrievalRate>; byCompressor: Record<string, RetrievalRate> };
  failures: { count: number; byCode: Record<string, number>; recent: RecentFailure[] };
  latencyMs: { p50: number; p95: number; p99: number; max: number };
  by: {
    compressor: Record<string, SavingsTotals>;
    contentType: Record<string, SavingsTotals>;
    tool: Record<string, SavingsTotals>;
    model: Record<string, ModelFigures>;
    tenant: Record<string, KeyFigures>;
    source: Record<string, KeyFigures>;
  };
  /** By UTC hour, oldest first, only hours with rows. */
  series: HourFigures[];
  /** The running totals these figures were computed from, less `byHour` (which `series` carries, summed per hour). */
  ledger: Omit<LedgerSummary, 'byHour'>;
}
