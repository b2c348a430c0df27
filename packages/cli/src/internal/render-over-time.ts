import type { HourFigures } from '@headroom/core';
import { formatInteger } from './format-number.js';

const BAR = 24;

export interface OverTimeBucket {
  readonly label: string;
  readonly tokensSaved: number;
  readonly requests: number;
  readonly retrievals: number;
  readonly failures: number;
}

/**
 * The hourly series folded into days when it spans more than two days, else kept by hour; only the
 * last `limit` buckets with rows. Each bucket's tokens saved is the same headline figure summed
 * over its hours, so the buckets add up to the total.
 */
export function overTimeBuckets(series: readonly HourFigures[], limit = 14): OverTimeBucket[] {
  if (series.length === 0) return [];
  const byDay = series.at(-1)!.time - series[0]!.time > 48 * 3_600_000;
  const buckets = new Map<string, { tokensSaved: number; requests: number; retrievals: number; failures: number }>();
  for (const hour of series) {
    const iso = new Date(hour.time).toISOString();
    const label = byDay ? iso.slice(0, 10) : `${iso.slice(0, 13)}:00`;
    const bucket = buckets.get(label) ?? { tokensSaved: 0, requests: 0, retrievals: 0, failures: 0 };
    bucket.tokensSaved += hour.tokensSaved;
    bucket.requests += hour.requests;
    bucket.retrievals += hour.retrievals;
    bucket.failures += hour.failures;
    buckets.set(label, bucket);
  }
  return [...buckets].slice(-limit).map(([label, b]) => ({ label, ...b }));
}

/** One line per bucket: a bar of tokens saved (scaled to the largest bucket), then the counts. */
export function renderOverTime(series: readonly HourFigures[], limit = 14): string {
  const buckets = overTimeBuckets(series, limit);
  if (buckets.length === 0) return '  (none)';
  const max = Math.max(...buckets.map((b) => b.tokensSaved), 1);
  const labelWidth = Math.max(...buckets.map((b) => b.label.length));
  const savedWidth = Math.max(...buckets.map((b) => formatInteger(b.tokensSaved).length));
  return buckets
    .map((b) => {
      const filled = b.tokensSaved <= 0 ? 0 : Math.max(1, Math.round((BAR * b.tokensSaved) / max));
      const bar = '\u2588'.repeat(filled) + '\u00b7'.repeat(BAR - filled);
      const extra = [`${formatInteger(b.requests)} req`, ...(b.retrievals ? [`${formatInteger(b.retrievals)} retrieved`] : []), ...(b.failures ? [`${formatInteger(b.failures)} failed open`] : [])];
      return `  ${b.label.padEnd(labelWidth)}  ${bar}  ${formatInteger(b.tokensSaved).padStart(savedWidth)} saved  ${extra.join(', ')}`;
    })
    .join('\n');
}
