import type { LedgerSummary } from '@headroom/core';

const escapeLabel = (value: string) => value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

/** Prometheus text exposition (version 0.0.4) of the same ledger summary `/stats` returns. */
export function renderMetrics(summary: LedgerSummary): string {
  const lines: string[] = [];
  const metric = (name: string, type: 'counter' | 'gauge', help: string, samples: [Record<string, string>, number][]) => {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    for (const [labels, value] of samples) {
      const keys = Object.entries(labels);
      const rendered = keys.length === 0 ? '' : `{${keys.map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(',')}}`;
      lines.push(`${name}${rendered} ${value}`);
    }
  };
  const { requests, compression, byCompressor, retrievals, failures } = summary;
  metric('headroom_requests_total', 'counter', 'Requests forwarded upstream, by provider.', Object.entries(requests.byProvider).map(([provider, n]) => [{ provider }, n]));
  metric('headroom_request_tokens_before_total', 'counter', 'Estimated tokens of compressible content before compression.', [[{}, requests.tokensBefore]]);
  metric('headroom_request_tokens_after_total', 'counter', 'Estimated tokens of compressible content after compression.', [[{}, requests.tokensAfter]]);
  metric('headroom_upstream_input_tokens_total', 'counter', 'Uncached input tokens reported by providers.', [[{}, requests.inputTokens]]);
  metric('headroom_upstream_output_tokens_total', 'counter', 'Output tokens reported by providers.', [[{}, requests.outputTokens]]);
  metric('headroom_upstream_cache_read_tokens_total', 'counter', 'Cache read tokens reported by providers.', [[{}, requests.cacheReadTokens]]);
  metric('headroom_upstream_cache_write_tokens_total', 'counter', 'Cache write tokens reported by providers.', [[{}, requests.cacheWriteTokens]]);
  metric('headroom_added_latency_ms', 'gauge', 'Latency the proxy added before forwarding, over the ledger.', [
    [{ quantile: '0.5' }, requests.addedLatencyMs.p50],
    [{ quantile: '0.99' }, requests.addedLatencyMs.p99],
    [{ quantile: '1' }, requests.addedLatencyMs.max],
  ]);
  metric('headroom_compressions_total', 'counter', 'Compressions of new content, by compressor.', Object.entries(byCompressor).map(([compressor, t]) => [{ compressor }, t.events]));
  metric('headroom_compression_tokens_saved_total', 'counter', 'Tokens saved by compressions of new content, by compressor.', Object.entries(byCompressor).map(([compressor, t]) => [{ compressor }, t.tokensSaved]));
  metric('headroom_compression_estimated_total', 'counter', 'Compressions whose token counts are estimates.', [[{}, compression.estimatedEvents]]);
  metric('headroom_retrievals_total', 'counter', 'Originals requested back, by outcome.', [
    [{ outcome: 'found' }, retrievals.found],
    [{ outcome: 'missed' }, retrievals.missed],
  ]);
  metric('headroom_failures_total', 'counter', 'Fail-open events: originals forwarded because something inside Headroom failed, by code.', Object.entries(failures.byCode).map(([code, n]) => [{ code }, n]));
  return `${lines.join('\n')}\n`;
}
