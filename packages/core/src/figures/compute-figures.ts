import type { LedgerTally, ModelUsage } from '../ledger/ledger-tally.js';
import type { LedgerSummary, SavingsTotals } from '../ledger/summarize-ledger.js';
import { DEFAULT_PRICING } from '../pricing/default-pricing.js';
import type { PricingTable } from '../pricing/model-price.js';
import { priceOf } from '../pricing/pricing-table.js';
import type { DollarFigures, Figures, HourFigures, KeyFigures, ModelFigures, RetrievalRate, TokenFigures } from './figures.js';

export interface ComputeFiguresOptions {
  /** Default: the built-in table. */
  readonly pricing?: PricingTable;
  /** The window the summary covers, for the record. */
  readonly since?: number;
}

const percent = (part: number, whole: number) => (whole === 0 ? 0 : Math.round((1000 * part) / whole) / 10);
/** Dollars to the nano-dollar: sums of per-model products stay reproducible across hosts. */
const dollars = (value: number) => Math.round(value * 1e9) / 1e9;

const tokens = (before: number, after: number): TokenFigures => ({ before, after, saved: before - after, savingsPercent: percent(before - after, before) });

/**
 * The one definition of every figure. Pure: the same summary and pricing give the same figures
 * (key order included), wherever they are computed.
 */
export function computeFigures(summary: LedgerSummary, options: ComputeFiguresOptions = {}): Figures {
  const pricing = options.pricing ?? DEFAULT_PRICING;
  // A host that records model calls counts its request rows; one that does not, its compressions.
  const recordsRequests = new Set(Object.entries(summary.bySource).filter(([, t]) => t.requests > 0).map(([source]) => source));
  const headline = (bySource: Record<string, LedgerTally>): TokenFigures => {
    let before = 0;
    let after = 0;
    for (const [source, t] of Object.entries(bySource)) {
      before += recordsRequests.has(source) ? t.requestTokensBefore : t.compressionTokensBefore;
      after += recordsRequests.has(source) ? t.requestTokensAfter : t.compressionTokensAfter;
    }
    return tokens(before, after);
  };
  const keyFigures = (bySource: Record<string, LedgerTally>): KeyFigures => {
    const sum = (field: 'requests' | 'compressions' | 'retrievals' | 'failures') => Object.values(bySource).reduce((n, t) => n + t[field], 0);
    return { requests: sum('requests'), compressions: sum('compressions'), retrievals: sum('retrievals'), failures: sum('failures'), tokens: headline(bySource) };
  };

  const total = headline(summary.bySource);
  const model: Record<string, ModelFigures> = {};
  const priced = { cost: 0, saved: 0, requests: 0, unpricedRequests: 0, savedTokens: 0 };
  const unpricedModels: string[] = [];
  for (const name of Object.keys(summary.byModel).sort()) {
    const usage = summary.byModel[name]!;
    const money = dollarsOf(pricing, name, usage);
    model[name] = {
      requests: usage.requests,
      tokens: tokens(usage.tokensBefore, usage.tokensAfter),
      inputTokens: usage.inputTokens,
      outputTokens: usage.outputTokens,
      cacheReadTokens: usage.cacheReadTokens,
      cacheWriteTokens: usage.cacheWriteTokens,
      ...(money ? { dollars: money } : {}),
    };
    if (money) {
      priced.cost += money.cost;
      priced.saved += money.saved;
      priced.requests += usage.requests;
      priced.savedTokens += usage.tokensBefore - usage.tokensAfter;
    } else {
      priced.unpricedRequests += usage.requests;
      // A model-less row (a refusal, a passthrough) saved nothing worth a line of its own.
      if (usage.tokensBefore > 0 || usage.inputTokens > 0) unpricedModels.push(name);
    }
  }
  const cost = dollars(priced.cost);
  const saved = dollars(priced.saved);
  const { requests, retrievals, failures } = summary;
  const allInput = requests.inputTokens + requests.cacheReadTokens + requests.cacheWriteTokens;

  const rates = (compressions: Record<string, SavingsTotals>, redeemed: Record<string, number>): Record<string, RetrievalRate> => {
    const out: Record<string, RetrievalRate> = {};
    for (const key of [...new Set([...Object.keys(compressions), ...Object.keys(redeemed)])].sort()) {
      const made = compressions[key]?.events ?? 0;
      const got = redeemed[key] ?? 0;
      out[key] = { compressions: made, retrievals: got, rate: made === 0 ? 0 : Math.round((1000 * got) / made) / 1000 };
    }
    return out;
  };

  const series: HourFigures[] = Object.keys(summary.byHour)
    .sort()
    .map((hour) => {
      const k = keyFigures(summary.byHour[hour]!);
      return { time: Date.parse(`${hour}:00:00.000Z`), requests: k.requests, tokensSaved: k.tokens.saved, tokensBefore: k.tokens.before, retrievals: k.retrievals, failures: k.failures };
    });

  return {
    figuresVersion: 1,
    ...(options.since !== undefined ? { since: options.since } : {}),
    tokens: total,
    requests: { count: requests.count, byProvider: sorted(requests.byProvider) },
    dollars: {
      currency: 'USD',
      pricingVersion: pricing.version,
      cost,
      saved,
      costWithout: dollars(cost + saved),
      savingsPercent: percent(saved, cost + saved),
      pricedRequests: priced.requests,
      unpricedRequests: priced.unpricedRequests,
      unpricedModels,
      unpricedTokensSaved: total.saved - priced.savedTokens,
    },
    cache: {
      inputTokens: requests.inputTokens,
      cacheReadTokens: requests.cacheReadTokens,
      cacheWriteTokens: requests.cacheWriteTokens,
      outputTokens: requests.outputTokens,
      hitSharePercent: percent(requests.cacheReadTokens, allInput),
    },
    compression: summary.compression,
    retrievals: {
      count: retrievals.count,
      found: retrievals.found,
      missed: retrievals.missed,
      byTool: rates(summary.byTool, retrievals.byTool),
      byCompressor: rates(summary.byCompressor, retrievals.byCompressor),
    },
    failures: { count: failures.count, byCode: sorted(failures.byCode), recent: failures.recent },
    latencyMs: { ...requests.addedLatencyMs },
    by: {
      compressor: sorted(summary.byCompressor),
      contentType: sorted(summary.byContentType),
      tool: sorted(summary.byTool),
      model,
      tenant: mapSorted(summary.byTenant, keyFigures),
      source: Object.fromEntries(Object.keys(summary.bySource).sort().map((source) => [source, keyFigures({ [source]: summary.bySource[source]! })])),
    },
    series,
    ledger: withoutHours(summary),
  };
}

/** A model's dollars at the table's prices; undefined when it has none. */
function dollarsOf(pricing: PricingTable, model: string, usage: ModelUsage): DollarFigures | undefined {
  const price = priceOf(pricing, model);
  if (!price) return undefined;
  // Cache writes are priced at the 5-minute rate: the ledger does not record the TTL of a write.
  const cost = (usage.inputTokens * price.input + usage.cacheWriteTokens * price.cacheWrite5m + usage.cacheReadTokens * price.cacheRead + usage.outputTokens * price.output) / 1e6;
  const saved = (usage.savedUncachedTokens * price.input + usage.savedCacheWriteTokens * price.cacheWrite5m + usage.savedCacheReadTokens * price.cacheRead) / 1e6;
  return { cost: dollars(cost), saved: dollars(saved), costWithout: dollars(cost + saved), savingsPercent: percent(saved, cost + saved) };
}

function withoutHours(summary: LedgerSummary): Omit<LedgerSummary, 'byHour'> {
  const { byHour: _hours, ...rest } = summary;
  return rest;
}

function sorted<V>(record: Record<string, V>): Record<string, V> {
  return mapSorted(record, (v) => v);
}

function mapSorted<V, R>(record: Record<string, V>, convert: (value: V) => R): Record<string, R> {
  const out: Record<string, R> = {};
  for (const key of Object.keys(record).sort()) out[key] = convert(record[key]!);
  return out;
}
