import type { Figures, KeyFigures, ModelFigures, SavingsTotals } from '@headroom/core';
import { formatChange, formatDollars, formatInteger, formatPercent } from './format-number.js';
import { renderOverTime } from './render-over-time.js';
import { renderTable } from './render-table.js';

export const STATS_BREAKDOWNS = ['compressor', 'tool', 'model', 'tenant', 'source'] as const;
export type StatsBreakdown = (typeof STATS_BREAKDOWNS)[number];

export interface RenderStatsOptions {
  readonly location: string;
  /** Only this breakdown; default compressor, tool and model. */
  readonly by?: StatsBreakdown;
  /** What `--since` said, for the title. */
  readonly sinceLabel?: string;
}

function counts(byKey: Record<string, number>): string {
  const keys = Object.keys(byKey).sort();
  return keys.length === 0 ? '-' : keys.map((k) => `${k} ${formatInteger(byKey[k]!)}`).join(', ');
}

function compressionTable(title: string, key: string, byKey: Record<string, SavingsTotals>, figures: Figures, rates: 'tool' | 'compressor'): string {
  const keys = Object.keys(byKey);
  if (keys.length === 0) return `${title}\n  (none)`;
  const redeemed = rates === 'tool' ? figures.retrievals.byTool : figures.retrievals.byCompressor;
  const rows = keys.map((k) => {
    const t = byKey[k]!;
    const r = redeemed[k];
    return [k, formatInteger(t.events), formatInteger(t.tokensBefore), formatInteger(t.tokensAfter), formatInteger(t.tokensSaved), formatChange(t.tokensBefore, t.tokensAfter), formatInteger(r?.retrievals ?? 0), formatPercent(100 * (r?.rate ?? 0))];
  });
  return `${title}\n${renderTable([key, 'compressions', 'tokens before', 'tokens after', 'saved', 'change', 'retrievals', 'retrieval rate'], rows)}`;
}

function modelTable(byModel: Record<string, ModelFigures>): string {
  const keys = Object.keys(byModel);
  if (keys.length === 0) return 'By model\n  (none)';
  const rows = keys.map((k) => {
    const m = byModel[k]!;
    return [k, formatInteger(m.requests), formatInteger(m.tokens.before), formatInteger(m.tokens.after), formatInteger(m.tokens.saved), m.dollars ? formatDollars(m.dollars.cost) : 'no price', m.dollars ? formatDollars(m.dollars.saved) : 'no price'];
  });
  return `By model (cost: uncached input, cache writes, cache reads and output, each at its own rate)\n${renderTable(['model', 'requests', 'tokens before', 'tokens after', 'saved', 'cost', 'saved $'], rows)}`;
}

function keyTable(title: string, key: string, byKey: Record<string, KeyFigures>): string {
  const keys = Object.keys(byKey);
  if (keys.length === 0) return `${title}\n  (none)`;
  const rows = keys.map((k) => {
    const t = byKey[k]!;
    return [k, formatInteger(t.requests), formatInteger(t.compressions), formatInteger(t.tokens.before), formatInteger(t.tokens.saved), formatPercent(t.tokens.savingsPercent), formatInteger(t.retrievals), formatInteger(t.failures)];
  });
  return `${title}\n${renderTable([key, 'requests', 'compressions', 'tokens before', 'saved', 'savings', 'retrievals', 'failed open'], rows)}`;
}

/** Label, value: both left-aligned (the values are phrases, not one number each). */
function renderPairs(rows: readonly (readonly [string, string])[]): string {
  const width = Math.max(...rows.map(([label]) => label.length));
  return rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`).join('\n');
}

/** The human form of `headroom stats`: every figure comes from `computeFigures`, as `/stats` and the dashboard. */
export function renderStats(figures: Figures, options: RenderStatsOptions): string {
  const { tokens, dollars, cache, retrievals, failures, latencyMs } = figures;
  const window = figures.since === undefined ? 'all rows the ledger keeps' : `since ${new Date(figures.since).toISOString()}${options.sinceLabel ? ` (${options.sinceLabel})` : ''}`;
  const unpriced =
    dollars.unpricedTokensSaved === 0 && dollars.unpricedModels.length === 0
      ? '-'
      : `${formatInteger(dollars.unpricedTokensSaved)} tokens saved with no price (${dollars.unpricedModels.length ? `models without one: ${dollars.unpricedModels.join(', ')}; ` : ''}compressions by hosts that record no model call: CLI, MCP)`;
  const last = failures.recent[0];
  const summary = renderPairs(
    [
      ['tokens before', formatInteger(tokens.before)],
      ['tokens after', formatInteger(tokens.after)],
      ['tokens saved', `${formatInteger(tokens.saved)} (${formatPercent(tokens.savingsPercent)})`],
      ['requests', `${formatInteger(figures.requests.count)}${figures.requests.count ? ` (${counts(figures.requests.byProvider)})` : ''}`],
      ['dollars saved', `${formatDollars(dollars.saved)} of ${formatDollars(dollars.costWithout)} without Headroom (${formatPercent(dollars.savingsPercent)})`],
      ['cost, cache-weighted', formatDollars(dollars.cost)],
      ['unpriced', unpriced],
      ['cache hit share', `${formatPercent(cache.hitSharePercent)} (read ${formatInteger(cache.cacheReadTokens)}, written ${formatInteger(cache.cacheWriteTokens)}, uncached ${formatInteger(cache.inputTokens)}; output ${formatInteger(cache.outputTokens)})`],
      ['retrievals', `${formatInteger(retrievals.count)} (${formatInteger(retrievals.found)} found, ${formatInteger(retrievals.missed)} missed)`],
      ['failed open', `${formatInteger(failures.count)}${failures.count ? ` (${counts(failures.byCode)})` : ''}`],
      ['last failure', last ? `${new Date(last.time).toISOString()} ${last.code}${last.compressor ? ` (${last.compressor})` : ''}` : '-'],
      ['added latency ms', `p50 ${latencyMs.p50} / p95 ${latencyMs.p95} / p99 ${latencyMs.p99} / max ${latencyMs.max}`],
    ],
  );
  const estimated = figures.compression.estimatedEvents > 0 ? `\n  (${formatInteger(figures.compression.estimatedEvents)} compressions with estimated token counts)` : '';
  const tables: Record<StatsBreakdown, () => string> = {
    compressor: () => compressionTable('By compressor', 'compressor', figures.by.compressor, figures, 'compressor'),
    tool: () => compressionTable('By tool', 'tool', figures.by.tool, figures, 'tool'),
    model: () => modelTable(figures.by.model),
    tenant: () => keyTable('By tenant', 'tenant', figures.by.tenant),
    source: () => keyTable('By host', 'host', figures.by.source),
  };
  const chosen: readonly StatsBreakdown[] = options.by ? [options.by] : ['compressor', 'tool', 'model'];
  const sections = [
    `Headroom stats from ${options.location}, ${window}`,
    `Pricing ${dollars.pricingVersion}; tokens saved count model calls for the proxy (every resend), compressions for the CLI and MCP`,
    `Summary\n${summary}${estimated}`,
    ...chosen.map((name) => tables[name]()),
    `Over time (UTC), tokens saved\n${renderOverTime(figures.series)}`,
  ];
  return `${sections.join('\n\n')}\n`;
}
