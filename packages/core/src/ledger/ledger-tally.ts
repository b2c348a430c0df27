import type { LedgerEvent, RequestEvent } from '../store/store.js';
import { LOCAL_TENANT } from '../store/tenant.js';

/**
 * What the rows under one key (a source, a tenant, an hour) add up to. Requests and compressions
 * are kept apart: the proxy writes both for the same content (a compression at first sight, then
 * the request that carried it on every turn), so which one counts as "saved" is a choice made once,
 * in `computeFigures`, not by adding them.
 */
export interface LedgerTally {
  requests: number;
  requestTokensBefore: number;
  requestTokensAfter: number;
  compressions: number;
  compressionTokensBefore: number;
  compressionTokensAfter: number;
  retrievals: number;
  retrievalsFound: number;
  failures: number;
}

/**
 * Provider usage and savings of the requests that named one model. The tokens a request saved are
 * split like the provider's own input for that request (uncached, cache read, cache write), each
 * part a whole number of tokens: the saved tokens would have sat where the request's input sat, so
 * a saved token that would have been a cache read is priced as one.
 */
export interface ModelUsage {
  requests: number;
  tokensBefore: number;
  tokensAfter: number;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  savedUncachedTokens: number;
  savedCacheReadTokens: number;
  savedCacheWriteTokens: number;
}

/** A fail-open event as the stats show it: no message (it may name local paths). */
export interface RecentFailure {
  time: number;
  code: string;
  compressor?: string;
  toolName?: string;
  source?: string;
  tenant?: string;
}

/** How many fail-open events `failures.recent` keeps, newest first. */
export const RECENT_FAILURES = 20;

export const UNKNOWN_SOURCE = 'unknown';
export const UNKNOWN_MODEL = '(none)';

export const emptyTally = (): LedgerTally => ({
  requests: 0,
  requestTokensBefore: 0,
  requestTokensAfter: 0,
  compressions: 0,
  compressionTokensBefore: 0,
  compressionTokensAfter: 0,
  retrievals: 0,
  retrievalsFound: 0,
  failures: 0,
});

export const emptyModelUsage = (): ModelUsage => ({
  requests: 0,
  tokensBefore: 0,
  tokensAfter: 0,
  inputTokens: 0,
  outputTokens: 0,
  cacheReadTokens: 0,
  cacheWriteTokens: 0,
  savedUncachedTokens: 0,
  savedCacheReadTokens: 0,
  savedCacheWriteTokens: 0,
});

export const sourceOf = (event: LedgerEvent): string => event.source || UNKNOWN_SOURCE;
export const tenantKeyOf = (event: LedgerEvent): string => event.tenant || LOCAL_TENANT;
/** UTC hour, `YYYY-MM-DDTHH`. */
export const hourOf = (time: number): string => new Date(time).toISOString().slice(0, 13);

/** Adds (sign 1) or takes away (sign -1) one row's part of a tally. */
export function foldTally(tally: LedgerTally, event: LedgerEvent, sign: 1 | -1): void {
  if (event.type === 'request') {
    tally.requests += sign;
    tally.requestTokensBefore += sign * event.tokensBefore;
    tally.requestTokensAfter += sign * event.tokensAfter;
  } else if (event.type === 'compression') {
    tally.compressions += sign;
    tally.compressionTokensBefore += sign * event.tokensBefore;
    tally.compressionTokensAfter += sign * event.tokensAfter;
  } else if (event.type === 'retrieval') {
    tally.retrievals += sign;
    if (event.found) tally.retrievalsFound += sign;
  } else {
    tally.failures += sign;
  }
}

/** True when no row is counted any more (every row counts in exactly one of these). */
export const tallyEmpty = (t: LedgerTally): boolean => t.requests === 0 && t.compressions === 0 && t.retrievals === 0 && t.failures === 0;

/** Adds or takes away one request's part of its model's usage. */
export function foldModelUsage(usage: ModelUsage, event: RequestEvent, sign: 1 | -1): void {
  const input = event.usage?.inputTokens ?? 0;
  const read = event.usage?.cacheReadTokens ?? 0;
  const write = event.usage?.cacheWriteTokens ?? 0;
  const saved = event.tokensBefore - event.tokensAfter;
  const total = input + read + write;
  // No usage reported (an error, a passthrough): the saved tokens count as uncached input.
  const savedRead = total === 0 ? 0 : Math.round((saved * read) / total);
  const savedWrite = total === 0 ? 0 : Math.round((saved * write) / total);
  usage.requests += sign;
  usage.tokensBefore += sign * event.tokensBefore;
  usage.tokensAfter += sign * event.tokensAfter;
  usage.inputTokens += sign * input;
  usage.outputTokens += sign * (event.usage?.outputTokens ?? 0);
  usage.cacheReadTokens += sign * read;
  usage.cacheWriteTokens += sign * write;
  usage.savedCacheReadTokens += sign * savedRead;
  usage.savedCacheWriteTokens += sign * savedWrite;
  usage.savedUncachedTokens += sign * (saved - savedRead - savedWrite);
}

export const modelKeyOf = (event: RequestEvent): string => event.model || UNKNOWN_MODEL;

export function recentFailureOf(event: Extract<LedgerEvent, { type: 'failure' }>): RecentFailure {
  return {
    time: event.time,
    code: event.code,
    ...(event.compressor ? { compressor: event.compressor } : {}),
    ...(event.toolName ? { toolName: event.toolName } : {}),
    ...(event.source ? { source: event.source } : {}),
    ...(event.tenant ? { tenant: event.tenant } : {}),
  };
}
