/** The page's markup: every figure has a slot named by `data-figure`, filled by the page script from `/stats`. */
export const PAGE_BODY = `
<header>
  <h1>Headroom</h1>
  <label>Window
    <select id="window">
      <option value="all">all kept (ledger retention, 30 days by default)</option>
      <option value="1h">last hour</option>
      <option value="24h">last 24 hours</option>
      <option value="7d">last 7 days</option>
      <option value="30d">last 30 days</option>
    </select>
  </label>
  <span id="status" class="muted">loading…</span>
</header>
<main>
  <section class="tiles">
    <div class="tile"><h2>Tokens saved</h2><p data-figure="tokens.saved"></p><small data-figure="tokens.before" data-label="of"></small></div>
    <div class="tile"><h2>Dollars saved</h2><p data-figure="dollars.saved"></p><small data-figure="dollars.costWithout" data-label="of"></small></div>
    <div class="tile"><h2>Savings</h2><p data-figure="tokens.savingsPercent"></p><small data-figure="dollars.savingsPercent" data-label="in dollars"></small></div>
    <div class="tile"><h2>Requests</h2><p data-figure="requests.count"></p><small data-figure="dollars.cost" data-label="cost"></small></div>
    <div class="tile"><h2>Retrievals</h2><p data-figure="retrievals.count"></p><small data-figure="retrievals.missed" data-label="missed"></small></div>
    <div class="tile"><h2>Failed open</h2><p data-figure="failures.count"></p><small data-figure="compression.events" data-label="compressions"></small></div>
    <div class="tile"><h2>Cache hit share</h2><p data-figure="cache.hitSharePercent"></p><small data-figure="cache.cacheReadTokens" data-label="read"></small></div>
    <div class="tile"><h2>Added latency</h2><p data-figure="latencyMs.p50"></p><small>p50 ms</small></div>
  </section>
  <p id="unpriced" class="muted"></p>
  <section class="charts">
    <figure><figcaption>Tokens saved per hour</figcaption><div id="chart-saved" class="chart"></div></figure>
    <figure><figcaption>Requests per hour</figcaption><div id="chart-requests" class="chart"></div></figure>
  </section>
  <section class="grid">
    <div class="panel"><h3>Added latency (ms)</h3>
      <table class="kv"><tbody>
        <tr><th>p50</th><td data-figure="latencyMs.p50"></td></tr>
        <tr><th>p95</th><td data-figure="latencyMs.p95"></td></tr>
        <tr><th>p99</th><td data-figure="latencyMs.p99"></td></tr>
        <tr><th>max</th><td data-figure="latencyMs.max"></td></tr>
      </tbody></table>
    </div>
    <div class="panel"><h3>Cache</h3>
      <table class="kv"><tbody>
        <tr><th>hit share</th><td data-figure="cache.hitSharePercent"></td></tr>
        <tr><th>read</th><td data-figure="cache.cacheReadTokens"></td></tr>
        <tr><th>written</th><td data-figure="cache.cacheWriteTokens"></td></tr>
        <tr><th>uncached input</th><td data-figure="cache.inputTokens"></td></tr>
        <tr><th>output</th><td data-figure="cache.outputTokens"></td></tr>
      </tbody></table>
    </div>
    <div class="panel wide"><h3>Retrieval rate per tool</h3><div id="retrieval-rates"></div></div>
    <div class="panel wide"><h3>By compressor</h3><div id="by-compressor"></div></div>
    <div class="panel wide"><h3>By tool</h3><div id="by-tool"></div></div>
    <div class="panel wide"><h3>By model</h3><div id="by-model"></div></div>
    <div class="panel wide"><h3>By tenant</h3><div id="by-tenant"></div></div>
    <div class="panel full"><h3>Recent fail-open events</h3><div id="failures"></div></div>
  </section>
  <footer class="muted" id="footer"></footer>
</main>
`;

export const PAGE_STYLE = `
:root { color-scheme: light; --fg: #1d2330; --muted: #667085; --line: #e4e7ec; --accent: #2f6fed; --bg: #f7f8fa; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
header { display: flex; gap: 16px; align-items: center; padding: 12px 20px; background: #fff; border-bottom: 1px solid var(--line); }
header h1 { font-size: 18px; margin: 0 auto 0 0; }
main { padding: 16px 20px; max-width: 1280px; margin: 0 auto; }
.muted { color: var(--muted); }
.tiles { display: grid; grid-template-columns: repeat(auto-fill, minmax(132px, 1fr)); gap: 12px; }
.tile, .panel, figure { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; margin: 0; }
.tile h2 { font-size: 12px; font-weight: 600; color: var(--muted); margin: 0; text-transform: uppercase; letter-spacing: .04em; }
.tile p { font-size: 24px; font-weight: 650; margin: 4px 0 2px; font-variant-numeric: tabular-nums; }
.tile small { color: var(--muted); }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); gap: 12px; margin-top: 12px; }
figcaption { font-weight: 600; margin-bottom: 6px; }
.chart { min-height: 220px; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(300px, 1fr)); gap: 12px; margin-top: 12px; }
.panel { overflow-x: auto; }
.panel.wide { grid-column: span 2; }
.panel.full { grid-column: 1 / -1; }
.panel h3 { margin: 0 0 8px; font-size: 14px; }
table { width: 100%; border-collapse: collapse; font-variant-numeric: tabular-nums; }
th, td { text-align: right; padding: 3px 6px; font-size: 13px; border-bottom: 1px solid var(--line); white-space: nowrap; }
th:first-child, td:first-child { text-align: left; }
table.kv th { font-weight: 500; color: var(--muted); }
.bar { display: inline-block; height: 8px; background: var(--accent); border-radius: 4px; vertical-align: middle; }
.empty { color: var(--muted); font-style: italic; }
footer { margin-top: 16px; font-size: 12px; }
`;
