import { usageError } from './usage-error.js';

const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** `--since` as ms since the epoch: a duration back from `now` (`30m`, `24h`, `7d`, `2w`) or a date (`2026-11-01`). */
export function parseSince(value: string, now: number, flag = "--since"): number {
  const duration = /^(\d+)([mhdw])$/.exec(value.trim());
  if (duration) return now - Number(duration[1]) * UNIT_MS[duration[2]!]!;
  // Date.parse accepts a lot; require something that starts like an ISO date.
  const time = /^\d{4}-\d{2}-\d{2}/.test(value.trim()) ? Date.parse(value.trim()) : Number.NaN;
  if (Number.isNaN(time)) throw usageError(`${flag} takes a duration like 24h, 7d, 2w or a date like 2026-11-01, got ${JSON.stringify(value)}`);
  return time;
}
