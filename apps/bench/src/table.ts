import type { Target } from './sections/section.js';

export type Align = 'left' | 'right';

/** A GitHub-flavoured Markdown table. Pipes and newlines inside cells are escaped so rows stay rows. */
export function markdownTable(headers: readonly string[], rows: readonly (readonly string[])[], align: readonly Align[] = []): string {
  const cell = (value: string) => value.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
  const line = (cells: readonly string[]) => `| ${headers.map((_, i) => cell(cells[i] ?? '')).join(' | ')} |`;
  const rule = `|${headers.map((_, i) => (align[i] === 'right' ? '---:' : '---')).join('|')}|`;
  return [line(headers), rule, ...rows.map(line)].join('\n');
}

/** 12345 → "12,345". */
export function formatInt(value: number): string {
  return Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : 'n/a';
}

/** 0.9234 → "92.3%". */
export function formatPercent(fraction: number): string {
  return Number.isFinite(fraction) ? `${(fraction * 100).toFixed(1)}%` : 'n/a';
}

/** MB/s with three significant figures at most. */
export function formatSpeed(mbPerSecond: number): string {
  if (!Number.isFinite(mbPerSecond)) return 'n/a';
  return mbPerSecond >= 100 ? mbPerSecond.toFixed(0) : mbPerSecond >= 10 ? mbPerSecond.toFixed(1) : mbPerSecond.toFixed(2);
}

export function formatTarget(target: Target): string {
  return `${target.pass ? 'PASS' : 'FAIL'}  ${target.name}: ${target.detail}`;
}
