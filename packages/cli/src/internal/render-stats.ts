import type { LedgerSummary, SavingsTotals } from '@headroom/core';
import { formatChange, formatInteger } from './format-number.js';
import { renderTable } from './render-table.js';

const SAVINGS_HEADERS = ['events', 'tokens before', 'tokens after', 'saved', 'change'];

function savingsCells(t: SavingsTotals): string[] {
  return [formatInteger(t.events), formatInteger(t.tokensBefore), formatInteger(t.tokensAfter), formatInteger(t.tokensSaved), formatChange(t.tokensBefore, t.tokensAfter)];
}

function savingsTable(title: string, key: string, byKey: Record<string, SavingsTotals>): string {
  const keys = Object.keys(byKey).sort();
  if (keys.length === 0) return `${title}\n  (none)`;
  return `${title}\n${renderTable([key, ...SAVINGS_HEADERS], keys.map((k) => [k, ...savingsCells(byKey[k]!)]))}`;
}

function counts(byKey: Record<string, number>): string {
  const keys = Object.keys(byKey).sort();
  return keys.length === 0 ? '-' : keys.map((k) => `${k} ${formatInteger(byKey[k]!)}`).join(', ');
}

/** The human form of `headroom stats`: every figure comes from `summarizeLedger`. */
export function renderStats(summary: LedgerSummary, location: string): string {
  const { compression, requests, retrievals, failures } = summary;
  const estimated = compression.estimatedEvents > 0 ? ` (${formatInteger(compression.estimatedEvents)} with estimated token counts)` : '';
  const sections = [
    `Headroom stats from ${location}`,
    `Compression${estimated}\n${renderTable(['all', ...SAVINGS_HEADERS], [['total', ...savingsCells(compression)]])}`,
    savingsTable('By compressor', 'compressor', summary.byCompressor),
    savingsTable('By content type', 'content type', summary.byContentType),
    savingsTable('By day (UTC)', 'day', summary.byDay),
    `Requests\n${renderTable(
      ['', 'value'],
      [
        ['requests', formatInteger(requests.count)],
        ['by provider', counts(requests.byProvider)],
        ['tokens before', formatInteger(requests.tokensBefore)],
        ['tokens after', formatInteger(requests.tokensAfter)],
        ['input tokens (provider)', formatInteger(requests.inputTokens)],
        ['output tokens (provider)', formatInteger(requests.outputTokens)],
        ['cache read tokens', formatInteger(requests.cacheReadTokens)],
        ['cache write tokens', formatInteger(requests.cacheWriteTokens)],
        ['added latency p50/p99/max ms', `${requests.addedLatencyMs.p50}/${requests.addedLatencyMs.p99}/${requests.addedLatencyMs.max}`],
      ],
    )}`,
    `Retrievals\n${renderTable(
      ['', 'value'],
      [
        ['retrievals', formatInteger(retrievals.count)],
        ['found', formatInteger(retrievals.found)],
        ['missed', formatInteger(retrievals.missed)],
        ['by compressor', counts(retrievals.byCompressor)],
        ['by tool', counts(retrievals.byTool)],
      ],
    )}`,
    `Failures (originals sent uncompressed because something inside Headroom failed)\n${renderTable(
      ['', 'value'],
      [
        ['failures', formatInteger(failures.count)],
        ['by code', counts(failures.byCode)],
        ['last', failures.last ? `${new Date(failures.last.time).toISOString()} ${failures.last.code}${failures.last.compressor ? ` (${failures.last.compressor})` : ''}` : '-'],
      ],
    )}`,
  ];
  return `${sections.join('\n\n')}\n`;
}
