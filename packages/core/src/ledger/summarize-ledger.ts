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
  tenantKeyOf,
} from './ledger-tally.js';

export interface SavingsTotals {
  events: number;
  tokensBefore: number;
  tokensAfter: number;
  tokensSaved: number;
  /** 0..100, one decimal. */
  savingsPercent: number;
}

export interface LedgerSummary {
  compression: SavingsTotals & { estimatedEvents: number };
  byCompressor: Record<string, SavingsTotals>;
  byContentType: Record<string, SavingsTotals>;
  /** Keyed by UTC day, YYYY-MM-DD. */
  byDay: Record<string, SavingsTotals>;
  /** Compressions by the tool whose result they compressed (rows without a tool name are left out). */
  byTool: Record<string, SavingsTotals>;
  /** Every row by the host that wrote it (`proxy`, `cli`, `mcp`, `sdk`; `unknown` when unsaid). */
  bySource: Record<string, LedgerTally>;
  /** Tenant, then source. */
  byTenant: Record<string, Record<string, LedgerTally>>;
  /** UTC hour (`YYYY-MM-DDTHH`), then source. */
  byHour: Record<string, Record<string, LedgerTally>>;
  /** Request rows by the model the provider answered with (`(none)` when unknown). */
  byModel: Record<string, ModelUsage>;
  requests: {
    count: number;
    byProvider: Record<string, number>;
    tokensBefore: number;
    tokensAfter: number;
    inputTokens: number;
    outputTokens: number;
    cacheReadTokens: number;
    cacheWriteTokens: number;
    addedLatencyMs: { p50: number; p95: number; p99: number; max: number };
  };
  retrievals: { count: number; found: number; missed: number; byCompressor: Record<string, number>; byTool: Record<string, number> };
  /** Fail-open events: the original went through because something inside Headroom failed. */
  failures: {
    count: number;
    byCode: Record<string, number>;
    last?: { time: number; code: string; compressor?: string };
    /** The newest fail-open events (at most RECENT_FAILURES), newest first; ties: the later row first. */
    recent: RecentFailure[];
  };
}

const emptyTotals = (): SavingsTotals => ({ events: 0, tokensBefore: 0, tokensAfter: 0, tokensSaved: 0, savingsPercent: 0 });

function add(totals: SavingsTotals, before: number, after: number): void {
  totals.events++;
  totals.tokensBefore += before;
  totals.tokensAfter += after;
  totals.tokensSaved = totals.tokensBefore - totals.tokensAfter;
  totals.savingsPercent = totals.tokensBefore === 0 ? 0 : Math.round((1000 * totals.tokensSaved) / totals.tokensBefore) / 10;
}

function bucket(map: Record<string, SavingsTotals>, key: string): SavingsTotals {
  let totals = map[key];
  if (!totals) map[key] = totals = emptyTotals();
  return totals;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)]!;
}

/**
 * The one place figures are computed from ledger rows: `headroom stats`, the proxy's `/stats`
 * and `/metrics`, and the MCP `headroom_stats` tool all call this, so they agree.
 */
export function summarizeLedger(events: readonly LedgerEvent[]): LedgerSummary {
  const compression = { ...emptyTotals(), estimatedEvents: 0 };
  const byCompressor: Record<string, SavingsTotals> = {};
  const byContentType: Record<string, SavingsTotals> = {};
  const byDay: Record<string, SavingsTotals> = {};
  const byTool: Record<string, SavingsTotals> = {};
  const bySource: Record<string, LedgerTally> = {};
  const byTenant: Record<string, Record<string, LedgerTally>> = {};
  const byHour: Record<string, Record<string, LedgerTally>> = {};
  const byModel: Record<string, ModelUsage> = {};
  const failureRows: RecentFailure[] = [];
  const latencies: number[] = [];
  const requests: LedgerSummary['requests'] = {
    count: 0,
    byProvider: {},
    tokensBefore: 0,
    tokensAfter: 0,
    inputTokens: 0,
    outputTokens: 0,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    addedLatencyMs: { p50: 0, p95: 0, p99: 0, max: 0 },
  };
  const retrievals: LedgerSummary['retrievals'] = { count: 0, found: 0, missed: 0, byCompressor: {}, byTool: {} };
  const failures: LedgerSummary['failures'] = { count: 0, byCode: {}, recent: [] };

  for (const event of events) {
    const source = sourceOf(event);
    foldTally((bySource[source] ??= emptyTally()), event, 1);
    foldTally(((byTenant[tenantKeyOf(event)] ??= {})[source] ??= emptyTally()), event, 1);
    foldTally(((byHour[hourOf(event.time)] ??= {})[source] ??= emptyTally()), event, 1);
    if (event.type === 'compression') {
      add(compression, event.tokensBefore, event.tokensAfter);
      if (!event.exact) compression.estimatedEvents++;
      add(bucket(byCompressor, event.compressor), event.tokensBefore, event.tokensAfter);
      add(bucket(byContentType, event.contentType), event.tokensBefore, event.tokensAfter);
      add(bucket(byDay, new Date(event.time).toISOString().slice(0, 10)), event.tokensBefore, event.tokensAfter);
      if (event.toolName) add(bucket(byTool, event.toolName), event.tokensBefore, event.tokensAfter);
    } else if (event.type === 'request') {
      requests.count++;
      requests.byProvider[event.provider] = (requests.byProvider[event.provider] ?? 0) + 1;
      requests.tokensBefore += event.tokensBefore;
      requests.tokensAfter += event.tokensAfter;
      requests.inputTokens += event.usage?.inputTokens ?? 0;
      requests.outputTokens += event.usage?.outputTokens ?? 0;
      requests.cacheReadTokens += event.usage?.cacheReadTokens ?? 0;
      requests.cacheWriteTokens += event.usage?.cacheWriteTokens ?? 0;
      latencies.push(event.addedLatencyMs);
      foldModelUsage((byModel[modelKeyOf(event)] ??= emptyModelUsage()), event, 1);
    } else if (event.type === 'failure') {
      failures.count++;
      failures.byCode[event.code] = (failures.byCode[event.code] ?? 0) + 1;
      failureRows.push(recentFailureOf(event));
      if (!failures.last || event.time >= failures.last.time) {
        failures.last = { time: event.time, code: event.code, ...(event.compressor ? { compressor: event.compressor } : {}) };
      }
    } else if (event.type === 'retrieval') {
      // Re-reads (`reread`) are read by `headroom learn`, not summed here.
      retrievals.count++;
      if (event.found) retrievals.found++;
      else retrievals.missed++;
      if (event.compressor) retrievals.byCompressor[event.compressor] = (retrievals.byCompressor[event.compressor] ?? 0) + 1;
      if (event.toolName) retrievals.byTool[event.toolName] = (retrievals.byTool[event.toolName] ?? 0) + 1;
    }
  }
  latencies.sort((a, b) => a - b);
  requests.addedLatencyMs = {
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    max: latencies.at(-1) ?? 0,
  };
  // Newest first; a stable sort keeps rows of the same time in reverse row order (the later first).
  failures.recent = failureRows
    .reverse()
    .sort((a, b) => b.time - a.time)
    .slice(0, RECENT_FAILURES);
  return { compression, byCompressor, byContentType, byDay, byTool, bySource, byTenant, byHour, byModel, requests, retrievals, failures };
}
