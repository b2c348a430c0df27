import type { LedgerEvent } from '../store/store.js';
import {
  emptyModelUsage,
  emptyTally,
  foldModelUsage,
  foldTally,
  hourOf,
  type LedgerTally,
  type ModelUsage,
  modelKeyOf,
  RECENT_FAILURES,
  type RecentFailure,
  recentFailureOf,
  sourceOf,
  tallyEmpty,
  tenantKeyOf,
} from './ledger-tally.js';
import type { LedgerSummary, SavingsTotals } from './summarize-ledger.js';

/**
 * Running totals of a ledger: `add` each appended row, `remove` each pruned one, and `summary()`
 * gives exactly what `summarizeLedger` gives over the rows added and not removed, without
 * re-reading them. Cost per scrape: the number of distinct keys (compressors, days, providers)
 * plus the number of distinct latency values, never the number of rows; the summary is cached
 * until the next change. `remove` is for retention (rows removed oldest first, by time).
 */
export interface LedgerAggregate {
  add(event: LedgerEvent): void;
  remove(event: LedgerEvent): void;
  summary(): LedgerSummary;
  /** Rows currently counted. */
  readonly size: number;
}

interface Sums {
  events: number;
  tokensBefore: number;
  tokensAfter: number;
}

export function createLedgerAggregate(): LedgerAggregate {
  const compression: Sums & { estimated: number } = { events: 0, tokensBefore: 0, tokensAfter: 0, estimated: 0 };
  const byCompressor = new Map<string, Sums>();
  const byContentType = new Map<string, Sums>();
  const byDay = new Map<string, Sums>();
  const byTool = new Map<string, Sums>();
  const bySource = new Map<string, LedgerTally>();
  // Keyed by tenant (or hour), then source.
  const byTenant = new Map<string, Map<string, LedgerTally>>();
  const byHour = new Map<string, Map<string, LedgerTally>>();
  const byModel = new Map<string, ModelUsage>();
  // The newest failures, newest first (ties: the later row first).
  const recent: RecentFailure[] = [];
  const requests = { count: 0, tokensBefore: 0, tokensAfter: 0, inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 };
  const byProvider = new Map<string, number>();
  // Latencies as a multiset: value -> count, plus the distinct values kept sorted.
  const latencyCounts = new Map<number, number>();
  const latencyValues: number[] = [];
  const retrievals = { count: 0, found: 0, missed: 0 };
  const retrievalsByCompressor = new Map<string, number>();
  const retrievalsByTool = new Map<string, number>();
  let failureCount = 0;
  const failuresByCode = new Map<string, number>();
  let lastFailure: LedgerSummary['failures']['last'];
  let size = 0;
  let cached: LedgerSummary | undefined;

  function fold(event: LedgerEvent, sign: 1 | -1): void {
    cached = undefined;
    size += sign;
    const source = sourceOf(event);
    foldKeyed(bySource, source, event, sign);
    foldKeyed(nested(byTenant, tenantKeyOf(event)), source, event, sign, byTenant, tenantKeyOf(event));
    foldKeyed(nested(byHour, hourOf(event.time)), source, event, sign, byHour, hourOf(event.time));
    if (event.type === 'compression') {
      addSums(compression, event.tokensBefore, event.tokensAfter, sign);
      if (!event.exact) compression.estimated += sign;
      addSums(bucket(byCompressor, event.compressor), event.tokensBefore, event.tokensAfter, sign, byCompressor, event.compressor);
      addSums(bucket(byContentType, event.contentType), event.tokensBefore, event.tokensAfter, sign, byContentType, event.contentType);
      const day = new Date(event.time).toISOString().slice(0, 10);
      addSums(bucket(byDay, day), event.tokensBefore, event.tokensAfter, sign, byDay, day);
      if (event.toolName) addSums(bucket(byTool, event.toolName), event.tokensBefore, event.tokensAfter, sign, byTool, event.toolName);
    } else if (event.type === 'request') {
      requests.count += sign;
      count(byProvider, event.provider, sign);
      requests.tokensBefore += sign * event.tokensBefore;
      requests.tokensAfter += sign * event.tokensAfter;
      requests.inputTokens += sign * (event.usage?.inputTokens ?? 0);
      requests.outputTokens += sign * (event.usage?.outputTokens ?? 0);
      requests.cacheReadTokens += sign * (event.usage?.cacheReadTokens ?? 0);
      requests.cacheWriteTokens += sign * (event.usage?.cacheWriteTokens ?? 0);
      countLatency(event.addedLatencyMs, sign);
      const model = modelKeyOf(event);
      let usage = byModel.get(model);
      if (!usage) byModel.set(model, (usage = emptyModelUsage()));
      foldModelUsage(usage, event, sign);
      if (usage.requests <= 0) byModel.delete(model);
    } else if (event.type === 'failure') {
      failureCount += sign;
      count(failuresByCode, event.code, sign);
      if (sign === 1 && (!lastFailure || event.time >= lastFailure.time)) {
        lastFailure = { time: event.time, code: event.code, ...(event.compressor ? { compressor: event.compressor } : {}) };
      }
      // Rows are removed by age (retention): the latest failure goes only when every failure has
      // gone (they are all at least as old), so an emptied count is the only case to handle.
      if (failureCount <= 0) lastFailure = undefined;
      foldRecent(recentFailureOf(event), sign);
    } else if (event.type === 'retrieval') {
      // Re-reads (`reread`) are read by `headroom learn`, not summed here.
      retrievals.count += sign;
      if (event.found) retrievals.found += sign;
      else retrievals.missed += sign;
      if (event.compressor) count(retrievalsByCompressor, event.compressor, sign);
      if (event.toolName) count(retrievalsByTool, event.toolName, sign);
    }
  }

  function countLatency(value: number, sign: 1 | -1): void {
    const now = (latencyCounts.get(value) ?? 0) + sign;
    if (now > 0) {
      if (!latencyCounts.has(value)) latencyValues.splice(lowerBound(latencyValues, value), 0, value);
      latencyCounts.set(value, now);
    } else if (latencyCounts.has(value)) {
      latencyCounts.delete(value);
      latencyValues.splice(lowerBound(latencyValues, value), 1);
    }
  }

  function foldRecent(failure: RecentFailure, sign: 1 | -1): void {
    if (sign === 1) {
      // Before every kept row at or before its time: the later row comes first among equal times.
      let index = recent.findIndex((kept) => kept.time <= failure.time);
      if (index === -1) index = recent.length;
      if (index < RECENT_FAILURES) recent.splice(index, 0, failure);
      if (recent.length > RECENT_FAILURES) recent.length = RECENT_FAILURES;
      return;
    }
    // Rows go oldest first, so a removed row still listed means every row left is listed too.
    const key = JSON.stringify(failure);
    for (let i = recent.length - 1; i >= 0; i--) {
      if (JSON.stringify(recent[i]) === key) {
        recent.splice(i, 1);
        return;
      }
    }
  }

  /** The same nearest-rank percentile as summarizeLedger, over the multiset. */
  function percentile(p: number): number {
    const n = requests.count;
    if (n === 0 || latencyValues.length === 0) return 0;
    const rank = Math.max(0, Math.min(n - 1, Math.ceil((p / 100) * n) - 1));
    let seen = 0;
    for (const value of latencyValues) {
      seen += latencyCounts.get(value) ?? 0;
      if (seen > rank) return value;
    }
    return latencyValues.at(-1) ?? 0;
  }

  return {
    add: (event) => fold(event, 1),
    remove: (event) => fold(event, -1),
    get size() {
      return size;
    },
    summary() {
      cached ??= {
        compression: { ...totals(compression), estimatedEvents: compression.estimated },
        byCompressor: record(byCompressor, totals),
        byContentType: record(byContentType, totals),
        byDay: record(byDay, totals),
        byTool: record(byTool, totals),
        bySource: record(bySource, (t) => t),
        byTenant: record(byTenant, (sources) => record(sources, (t) => t)),
        byHour: record(byHour, (sources) => record(sources, (t) => t)),
        byModel: record(byModel, (u) => u),
        requests: {
          ...requests,
          byProvider: record(byProvider, (n) => n),
          addedLatencyMs: { p50: percentile(50), p95: percentile(95), p99: percentile(99), max: latencyValues.at(-1) ?? 0 },
        },
        retrievals: { ...retrievals, byCompressor: record(retrievalsByCompressor, (n) => n), byTool: record(retrievalsByTool, (n) => n) },
        failures: { count: failureCount, byCode: record(failuresByCode, (n) => n), ...(lastFailure ? { last: { ...lastFailure } } : {}), recent: [...recent] },
      };
      // A copy: callers may change what they get without changing the running totals.
      return structuredClone(cached);
    },
  };
}

function nested(map: Map<string, Map<string, LedgerTally>>, key: string): Map<string, LedgerTally> {
  let inner = map.get(key);
  if (!inner) map.set(key, (inner = new Map()));
  return inner;
}

/** Folds a row into `map[key]`; an emptied tally disappears, and so does an emptied inner map from `owner`. */
function foldKeyed(
  map: Map<string, LedgerTally>,
  key: string,
  event: LedgerEvent,
  sign: 1 | -1,
  owner?: Map<string, Map<string, LedgerTally>>,
  ownerKey?: string,
): void {
  let tally = map.get(key);
  if (!tally) map.set(key, (tally = emptyTally()));
  foldTally(tally, event, sign);
  if (tallyEmpty(tally)) map.delete(key);
  if (owner && ownerKey !== undefined && map.size === 0) owner.delete(ownerKey);
}

function bucket(map: Map<string, Sums>, key: string): Sums {
  let sums = map.get(key);
  if (!sums) map.set(key, (sums = { events: 0, tokensBefore: 0, tokensAfter: 0 }));
  return sums;
}

function addSums(sums: Sums, before: number, after: number, sign: 1 | -1, owner?: Map<string, Sums>, key?: string): void {
  sums.events += sign;
  sums.tokensBefore += sign * before;
  sums.tokensAfter += sign * after;
  // A key whose rows were all pruned disappears, as it would from a fresh summary.
  if (owner && key !== undefined && sums.events <= 0) owner.delete(key);
}

function count(map: Map<string, number>, key: string, sign: 1 | -1): void {
  const now = (map.get(key) ?? 0) + sign;
  if (now > 0) map.set(key, now);
  else map.delete(key);
}

function totals(sums: Sums): SavingsTotals {
  const tokensSaved = sums.tokensBefore - sums.tokensAfter;
  return {
    events: sums.events,
    tokensBefore: sums.tokensBefore,
    tokensAfter: sums.tokensAfter,
    tokensSaved,
    savingsPercent: sums.tokensBefore === 0 ? 0 : Math.round((1000 * tokensSaved) / sums.tokensBefore) / 10,
  };
}

function record<V, R>(map: Map<string, V>, convert: (value: V) => R): Record<string, R> {
  const out: Record<string, R> = {};
  for (const [key, value] of map) out[key] = convert(value);
  return out;
}

function lowerBound(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
