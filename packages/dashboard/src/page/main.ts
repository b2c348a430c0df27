// The dashboard's script, inlined into the page as a module. It only reads `/stats` (the shared
// figures, the same document `headroom stats --json` prints) and draws them: no figure is
// computed here, so the page cannot disagree with the CLI or /metrics.
import type { Figures, HourFigures } from '@headroom/core';
import type UPlot from 'uplot';

declare const uPlot: typeof UPlot;

const params = new URLSearchParams(location.search);
// A token given in the address (off loopback) is kept in memory and taken out of the address bar
// and history at once; every /stats call sends it as a header.
const token = params.get('token');
if (token !== null) {
  params.delete('token');
  const rest = params.toString();
  history.replaceState(null, '', `${location.pathname}${rest ? `?${rest}` : ''}${location.hash}`);
}
const pollMs = Math.max(250, Number(params.get('poll')) || 3000);
const windowSelect = document.getElementById('window') as HTMLSelectElement;
windowSelect.value = params.get('window') ?? 'all';
const status = document.getElementById('status')!;

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const UNIT_MS: Record<string, number> = { h: 3_600_000, d: 86_400_000 };

function dollars(value: number): string {
  if (value === 0) return '$0.00';
  const abs = Math.abs(value);
  const sign = value < 0 ? '-' : '';
  if (abs >= 1) return `${sign}$${new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(abs)}`;
  return `${sign}$${abs.toPrecision(3).replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '')}`;
}

function format(path: string, value: number): string {
  if (path.endsWith('Percent')) return `${value.toFixed(1)}%`;
  if (path.startsWith('dollars.')) return dollars(value);
  if (path.startsWith('latencyMs.')) return String(value);
  return integer.format(value);
}

function valueAt(figures: Figures, path: string): number {
  let node: unknown = figures;
  for (const key of path.split('.')) node = (node as Record<string, unknown> | undefined)?.[key];
  return typeof node === 'number' ? node : 0;
}

function sinceOf(choice: string): number | undefined {
  const match = /^(\d+)([hd])$/.exec(choice);
  return match ? Date.now() - Number(match[1]) * UNIT_MS[match[2]!]! : undefined;
}

function element(tag: string, text?: string, className?: string): HTMLElement {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

/** A table built with textContent only: names of tools, models and tenants are never markup. */
function table(target: string, headers: readonly string[], rows: readonly (readonly (string | Node)[])[]): void {
  const host = document.getElementById(target)!;
  host.replaceChildren();
  if (rows.length === 0) {
    host.append(element('p', 'nothing recorded in this window', 'empty'));
    return;
  }
  const t = element('table');
  const head = element('tr');
  for (const h of headers) head.append(element('th', h));
  t.append(element('thead'), element('tbody'));
  t.firstChild!.appendChild(head);
  for (const row of rows) {
    const tr = element('tr');
    for (const cell of row) {
      const td = element('td');
      if (typeof cell === 'string') td.textContent = cell;
      else td.append(cell);
      tr.append(td);
    }
    t.lastChild!.appendChild(tr);
  }
  host.append(t);
}

function rateBar(rate: number): Node {
  const span = element('span');
  const bar = element('span', undefined, 'bar');
  bar.style.width = `${Math.min(100, Math.round(rate * 100))}px`;
  span.append(bar, document.createTextNode(` ${(rate * 100).toFixed(1)}%`));
  return span;
}

const charts = new Map<string, UPlot>();

function chart(id: string, label: string, series: readonly HourFigures[], pick: (h: HourFigures) => number, bars: boolean): void {
  const data: UPlot.AlignedData = [series.map((h) => h.time / 1000), series.map(pick)];
  const existing = charts.get(id);
  if (existing) {
    existing.setData(data);
    return;
  }
  const host = document.getElementById(id)!;
  const options: UPlot.Options = {
    width: Math.max(320, host.clientWidth || 560),
    height: 220,
    scales: { x: { time: true } },
    legend: { show: false },
    series: [
      {},
      {
        label,
        stroke: '#2f6fed',
        fill: bars ? 'rgba(47,111,237,0.35)' : 'rgba(47,111,237,0.08)',
        width: 2,
        points: { show: true, size: 6 },
        ...(bars ? { paths: uPlot.paths.bars!({ size: [0.6, 40] }) } : {}),
      },
    ],
    axes: [{}, { size: 64, values: (_u, ticks) => ticks.map((v) => integer.format(v)) }],
  };
  charts.set(id, new uPlot(options, data, host));
}

function render(figures: Figures): void {
  for (const node of document.querySelectorAll<HTMLElement>('[data-figure]')) {
    const path = node.dataset.figure!;
    const value = valueAt(figures, path);
    node.dataset.value = String(value);
    node.textContent = node.dataset.label ? `${node.dataset.label} ${format(path, value)}` : format(path, value);
  }
  const { dollars: money } = figures;
  document.getElementById('unpriced')!.textContent =
    money.unpricedTokensSaved > 0 || money.unpricedModels.length > 0
      ? `${integer.format(money.unpricedTokensSaved)} tokens saved have no price${money.unpricedModels.length ? ` (no price for: ${money.unpricedModels.join(', ')})` : ''}; they count in tokens, never in dollars.`
      : '';
  chart('chart-saved', 'tokens saved', figures.series, (h) => h.tokensSaved, true);
  chart('chart-requests', 'requests', figures.series, (h) => h.requests, false);

  table(
    'retrieval-rates',
    ['tool', 'compressions', 'retrievals', 'rate'],
    Object.entries(figures.retrievals.byTool).map(([tool, r]) => [tool, integer.format(r.compressions), integer.format(r.retrievals), rateBar(r.rate)]),
  );
  table(
    'by-compressor',
    ['compressor', 'compressions', 'tokens before', 'saved', 'savings', 'retrieval rate'],
    Object.entries(figures.by.compressor).map(([name, t]) => [name, integer.format(t.events), integer.format(t.tokensBefore), integer.format(t.tokensSaved), `${t.savingsPercent.toFixed(1)}%`, `${((figures.retrievals.byCompressor[name]?.rate ?? 0) * 100).toFixed(1)}%`]),
  );
  table(
    'by-tool',
    ['tool', 'compressions', 'tokens before', 'saved', 'savings'],
    Object.entries(figures.by.tool).map(([name, t]) => [name, integer.format(t.events), integer.format(t.tokensBefore), integer.format(t.tokensSaved), `${t.savingsPercent.toFixed(1)}%`]),
  );
  table(
    'by-model',
    ['model', 'requests', 'tokens saved', 'cost', 'saved $'],
    Object.entries(figures.by.model).map(([name, m]) => [name, integer.format(m.requests), integer.format(m.tokens.saved), m.dollars ? dollars(m.dollars.cost) : 'no price', m.dollars ? dollars(m.dollars.saved) : 'no price']),
  );
  table(
    'by-tenant',
    ['tenant', 'requests', 'compressions', 'tokens saved', 'savings', 'failed'],
    Object.entries(figures.by.tenant).map(([name, t]) => [name, integer.format(t.requests), integer.format(t.compressions), integer.format(t.tokens.saved), `${t.tokens.savingsPercent.toFixed(1)}%`, integer.format(t.failures)]),
  );
  table(
    'failures',
    ['time (UTC)', 'code', 'compressor', 'tool', 'host', 'tenant'],
    figures.failures.recent.map((f) => [new Date(f.time).toISOString().replace('T', ' ').slice(0, 19), f.code, f.compressor ?? '', f.toolName ?? '', f.source ?? '', f.tenant ?? '']),
  );
  document.getElementById('footer')!.textContent =
    `Figures v${figures.figuresVersion} · pricing ${money.pricingVersion} · tokens saved count model calls for hosts that record them (the proxy, every resend) and compressions for the others (CLI, MCP) · dollars: each saved token at the rate its share of the input was billed at (cache reads at a tenth).`;
}

let inFlight = false;

async function refresh(): Promise<void> {
  if (inFlight) return;
  inFlight = true;
  try {
    const since = sinceOf(windowSelect.value);
    const response = await fetch(`/stats${since === undefined ? '' : `?since=${since}`}`, { headers: token ? { 'x-headroom-token': token } : {}, cache: 'no-store' });
    if (!response.ok) {
      status.textContent = `/stats answered ${response.status}`;
      return;
    }
    render((await response.json()) as Figures);
    status.textContent = `live · updated ${new Date().toLocaleTimeString('en-GB', { hour12: false })}`;
    document.body.dataset.loaded = String(Number(document.body.dataset.loaded ?? 0) + 1);
  } catch {
    status.textContent = 'cannot reach /stats; retrying';
  } finally {
    inFlight = false;
  }
}

windowSelect.addEventListener('change', () => void refresh());
void refresh();
setInterval(() => void refresh(), pollMs);
