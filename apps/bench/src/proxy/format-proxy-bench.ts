import { MODES, type ProxyBenchResult } from './run-proxy-bench.js';

const MODE_LABEL = { direct: 'direct', relay: 'bare relay', off: 'Headroom, compression off', seen: 'Headroom, already seen', fresh: 'Headroom, fresh content' } as const;

const ms = (value: number) => value.toFixed(2);
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)}`;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const signed = (value: number) => `${value >= 0 ? '+' : ''}${value.toFixed(2)}`;

/** The proxy section of the bench report, in Markdown: heading, tables and the targets. */
export function formatProxyBench(result: ProxyBenchResult): string {
  return [
    `## Proxy overhead${result.quick ? ' (quick)' : ''}`,
    '',
    formatProxyBenchTables(result),
    '| target | goal | measured | met |',
    '|---|---|---|---|',
    ...result.targets.map((t) => `| ${t.name} | ${t.target} | ${t.measured} | ${t.met ? 'yes' : 'NO'} |`),
    '',
  ].join('\n');
}

/** What was sent, the latency/throughput table and the memory samples, without heading or targets. */
export function formatProxyBenchTables(result: ProxyBenchResult): string {
  const lines = [
    `Environment: ${result.environment}.`,
    '',
    ...result.workload.map((w) => `- ${w}`),
    '',
    'Added = this mode minus direct at the same percentile, as the client sees it. vs relay = throughput as a share of the bare relay\'s in the same scenario. In-proxy = the proxy\'s own ledger figure: body received to forwarding (parse + compress). Saved = estimated tokens, from the proxy\'s response headers.',
    '',
    '| body | conc. | mode | p50 ms | p99 ms | added p50 | added p99 | in-proxy p50 / p99 | req/s | vs relay | forwarded KB/req | saved | errors |',
    '|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const scenario of result.scenarios) {
    const direct = scenario.modes.direct;
    const relay = scenario.modes.relay;
    for (const mode of MODES) {
      const r = scenario.modes[mode];
      const isDirect = mode === 'direct';
      lines.push(
        `| ${scenario.size} (${kb(scenario.bodyBytes)} KB)${scenario.upstreamDelayMs > 0 ? `, upstream ${scenario.upstreamDelayMs} ms` : ''} | ${scenario.concurrency} | ${MODE_LABEL[mode]} | ${ms(r.p50Ms)} | ${ms(r.p99Ms)} | ${
          isDirect ? '' : signed(r.p50Ms - direct.p50Ms)
        } | ${isDirect ? '' : signed(r.p99Ms - direct.p99Ms)} | ${
          r.inProxyP50Ms === undefined ? '' : `${ms(r.inProxyP50Ms)} / ${ms(r.inProxyP99Ms ?? Number.NaN)}`
        } | ${r.requestsPerSecond.toFixed(0)} | ${isDirect || mode === 'relay' ? '' : `${((r.requestsPerSecond / relay.requestsPerSecond) * 100).toFixed(0)}%`} | ${kb(
          r.forwardedBytes,
        )} | ${mode === 'seen' || mode === 'fresh' ? `${(r.tokensSavedShare * 100).toFixed(1)}%` : ''} | ${r.errors} |`,
      );
    }
  }
  const m = result.memory;
  lines.push(
    '',
    `Memory of a fresh proxy (compression on) over ${m.requests.toLocaleString('en-US')} requests of ${m.size} at concurrency ${m.concurrency} (${m.errors} errors), ${
      m.afterGc ? 'each sample after a full GC' : 'without a forced GC'
    }:`,
    '',
    '| after requests | RSS | heap used | external (Buffers) |',
    '|---:|---:|---:|---:|',
    `| 0 (after warm-up) | ${mb(m.before.rss)} | ${mb(m.before.heapUsed)} | ${mb(m.before.external)} |`,
    ...m.samples.map((s) => `| ${s.requests.toLocaleString('en-US')} | ${mb(s.rss)} | ${mb(s.heapUsed)} | ${mb(s.external)} |`),
    '',
  );
  return lines.join('\n');
}
