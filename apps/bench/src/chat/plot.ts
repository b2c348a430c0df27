import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

export interface Series {
  readonly name: string;
  readonly color: string;
  readonly values: readonly number[];
}

const WIDTH = 900;
const HEIGHT = 320;
const PAD = { left: 70, right: 160, top: 36, bottom: 40 };

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A line chart of per-turn values as standalone SVG (no dependency: a few paths and labels). */
export function lineChartSvg(title: string, yLabel: string, series: readonly Series[]): string {
  const turns = Math.max(1, ...series.map((s) => s.values.length));
  const max = Math.max(1, ...series.flatMap((s) => s.values));
  const x = (i: number) => PAD.left + (i / Math.max(1, turns - 1)) * (WIDTH - PAD.left - PAD.right);
  const y = (v: number) => HEIGHT - PAD.bottom - (v / max) * (HEIGHT - PAD.top - PAD.bottom);
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => Math.round(max * f));
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${PAD.left}" y="20" font-size="14" font-weight="bold">${escapeXml(title)}</text>`,
    ...ticks.map((t) => `<line x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${y(t)}" y2="${y(t)}" stroke="#ddd"/><text x="${PAD.left - 6}" y="${y(t) + 4}" text-anchor="end">${t.toLocaleString('en-US')}</text>`),
    `<text x="${(PAD.left + WIDTH - PAD.right) / 2}" y="${HEIGHT - 8}" text-anchor="middle">turn</text>`,
    `<text x="14" y="${(PAD.top + HEIGHT - PAD.bottom) / 2}" transform="rotate(-90 14 ${(PAD.top + HEIGHT - PAD.bottom) / 2})" text-anchor="middle">${escapeXml(yLabel)}</text>`,
    ...series.map((s, k) => {
      const d = s.values.map((v, i) => `${i === 0 ? 'M' : 'L'}${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
      const ly = PAD.top + 10 + k * 18;
      return `<path d="${d}" fill="none" stroke="${s.color}" stroke-width="1.6"/><line x1="${WIDTH - PAD.right + 12}" x2="${WIDTH - PAD.right + 32}" y1="${ly}" y2="${ly}" stroke="${s.color}" stroke-width="3"/><text x="${WIDTH - PAD.right + 38}" y="${ly + 4}">${escapeXml(s.name)}</text>`;
    }),
    '</svg>',
  ];
  return parts.join('\n');
}

/**
 * Renders an HTML page of SVG charts to PNG with Debian's chromium in headless mode. Returns
 * false when chromium is missing or fails (the SVG files stay, and the report says so).
 */
export function renderPng(htmlPath: string, pngPath: string, width: number, height: number): boolean {
  const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) => existsSync(path));
  if (!chromium) return false;
  const run = spawnSync(chromium, ['--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', `--window-size=${width},${height}`, `--screenshot=${pngPath}`, pathToFileURL(htmlPath).href], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  return run.status === 0 && existsSync(pngPath);
}

export function writeChartsPage(path: string, svgs: readonly string[]): void {
  writeFileSync(path, `<!doctype html><html><body style="margin:0;background:white">${svgs.map((svg) => `<div>${svg}</div>`).join('\n')}</body></html>\n`);
}
