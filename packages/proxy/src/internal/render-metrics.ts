import type { Figures } from '@headroom/core';

const escapeLabel = (value: string) => value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

/** Prometheus text exposition (version 0.0.4) of the same figures `/stats` returns. */
export function renderMetrics(figures: Figures): string {
  const lines: string[] = [];
  const metric = (name: string, type: 'counter' | 'gauge', help: string, samples: [Record<string, string>, number][]) => {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    for (const [labels, value] of samples) {
      const keys = Object.entries(labels);
      const rendered = keys.length === 0 ? '' : `{${keys.map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(',')}}`;
      lines.push(`${name}${rendered} ${value}`);
    }
  };
  const { compression, retrievals, failures } = figures;
  const { requests } = figures.ledger;
  const byCompressor = figures.by.compressor;
  metric('headroom_tokens_before_total', 'counter', 'Headline tokens before compression (what each host would have sent or kept).', [[{}, figures.tokens.before]]);
  metric('headroom_tokens_after_total', 'counter', 'Headline tokens after compression.', [[{}, figures.tokens.after]]);
  metric('headroom_tokens_saved_total', 'counter', 'Headline tokens saved: model calls for hosts that record them, compressions for the others.', [[{}, figures.tokens.saved]]);
  metric('headroom_cost_dollars_total', 'counter', `What providers billed for priced models, in USD, cache tiers at their own rates (pricing ${figures.dollars.pricingVersion}).`, [[{}, figures.dollars.cost]]);
  metric('headroom_saved_dollars_total', 'counter', 'What the saved tokens would have cost, in USD, each at the rate its share of the input was billed at.', [[{}, figures.dollars.saved]]);
  metric('headroom_cache_hit_share_percent', 'gauge', 'Cache reads as a share of all input tokens providers reported.', [[{}, figures.cache.hitSharePercent]]);
  metric('headroom_requests_total', 'counter', 'Requests forwarded upstream, by provider.', Object.entries(requests.byProvider).map(([provider, n]) => [{ provider }, n]));
  metric('headroom_request_tokens_before_total', 'counter', 'Estimated tokens of compressible content before compression.', [[{}, requests.tokensBefore]]);
  metric('headroom_request_tokens_after_total', 'counter', 'Estimated tokens of compressible content after compression.', [[{}, requests.tokensAfter]]);
  metric('headroom_upstream_input_tokens_total', 'counter', 'Uncached input tokens reported by providers.', [[{}, requests.inputTokens]]);
  metric('headroom_upstream_output_tokens_total', 'counter', 'Output tokens reported by providers.', [[{}, requests.outputTokens]]);
  metric('headroom_upstream_cache_read_tokens_total', 'counter', 'Cache read tokens reported by providers.', [[{}, requests.cacheReadTokens]]);
  metric('headroom_upstream_cache_write_tokens_total', 'counter', 'Cache write tokens reported by providers.', [[{}, requests.cacheWriteTokens]]);
  metric('headroom_added_latency_ms', 'gauge', 'Latency the proxy added before forwarding, over the ledger.', [
    [{ quantile: '0.5' }, figures.latencyMs.p50],
    [{ quantile: '0.95' }, figures.latencyMs.p95],
    [{ quantile: '0.99' }, figures.latencyMs.p99],
    [{ quantile: '1' }, figures.latencyMs.max],
  ]);
  metric('headroom_compressions_total', 'counter', 'Compressions of new content, by compressor.', Object.entries(byCompressor).map(([compressor, t]) => [{ compressor }, t.events]));
  metric('headroom_compression_tokens_saved_total', 'counter', 'Tokens saved by compressions of new content, by compressor.', Object.entries(byCompressor).map(([compressor, t]) => [{ compressor }, t.tokensSaved]));
  metric('headroom_compression_estimated_total', 'counter', 'Compressions whose token counts are estimates.', [[{}, compression.estimatedEvents]]);
  metric('headroom_retrievals_total', 'counter', 'Originals requested back, by outcome.', [
    [{ outcome: 'found' }, retrievals.found],
    [{ outcome: 'missed' }, retrievals.missed],
  ]);
  metric('headroom_retrievals_by_tool_total', 'counter', 'Originals requested back, by the tool whose result was compressed.', Object.entries(retrievals.byTool).map(([tool, r]) => [{ tool }, r.retrievals]));
  metric('headroom_failures_total', 'counter', 'Fail-open events: originals forwarded because something inside Headroom failed, by code.', Object.entries(failures.byCode).map(([code, n]) => [{ code }, n]));
  return `${lines.join('\n')}\n`;
}
