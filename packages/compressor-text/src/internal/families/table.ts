import { bare, clean, head } from '../lines.js';
import type { Selection } from '../render.js';
import type { FamilyInput } from './family.js';

const HEADER_WORD = /^(?:[A-Z%#][A-Z0-9%#_\-/().:]*|[A-Z][a-z]+(?:-[a-z]+)?|on|ID|PID|\|+\/?)$/;
// Row states a reader looks for first: something stopped, failed or is waiting.
const ROW_ALERT = /\b(?:errors?|fail\w*|crash\w*|backoff|unhealthy|exited|dead|evicted|oomkilled|terminating|notready|degraded|denied|pending|zombie|defunct|broken|unmet|missing|invalid|unknown)\b/i;
const DPKG_PREAMBLE = /^(?:Desired=|\| Status=|\|\/ Err\?=|\|\|\/ |\+\+\+-)/;

/** Index of the table's last header line, or -1 when `lines` do not start with a table header. */
export function tableHeaderEnd(lines: readonly string[]): number {
  let i = 0;
  while (i < lines.length && lines[i]!.trim() === '') i++;
  if (i >= lines.length) return -1;
  if (DPKG_PREAMBLE.test(lines[i]!)) {
    while (i < lines.length && DPKG_PREAMBLE.test(lines[i]!)) i++;
    return i - 1;
  }
  const words = bare(lines[i]!).trim().split(/\s+/);
  if (words.length < 2) return -1;
  const headerish = words.filter((word) => HEADER_WORD.test(word)).length;
  // A rule under the header (`---- ----`, `====`) belongs to it.
  const ruled = /^[\s=+|-]+$/.test(lines[i + 1] ?? 'x') && /-{3}|={3}/.test(lines[i + 1] ?? '');
  if (headerish / words.length < 0.7 || !(ruled || words.some((word) => /[A-Z]{2}/.test(word)))) return -1;
  return ruled ? i + 1 : i;
}

/** Cell values of a row: by the header's column starts when columns are padded with 2+ spaces, else by words. */
function cellsOf(row: string, starts: readonly number[] | undefined, max: number): string[] {
  if (starts) {
    const cells: string[] = [];
    for (let c = 0; c < starts.length && c < max; c++) cells.push(row.slice(starts[c]!, starts[c + 1] ?? row.length).trim());
    return cells;
  }
  return row.trim().split(/\s+/, max);
}

function columnStarts(header: string): number[] | undefined {
  const starts: number[] = [];
  const re = /(?:^|\s{2,})(\S)/g;
  for (let m = re.exec(header); m; m = re.exec(header)) starts.push(m.index + m[0].length - 1);
  return starts.length >= 3 ? starts : undefined;
}

function numeric(value: string): number | undefined {
  const m = /^(-?[\d.]+)([KMGTP]i?)?%?$/.exec(value);
  if (!m) return undefined;
  const n = Number(m[1]);
  return Number.isFinite(n) ? n * 1024 ** ' KMGTP'.indexOf(m[2]?.[0] ?? ' ') : undefined;
}

/**
 * Tables (dpkg -l, ps aux, df, docker ps, kubectl get, pip list, fixed-width or whitespace-aligned
 * columns): the header always stays, then the first `headRows` rows, rows whose value in a
 * mostly-constant column is rare (an `rc` among `ii`, a `CrashLoopBackOff` among `Running`),
 * numbers that stand out (the top values, a `Use%` of 90 or more), rows with a problem state and
 * query matches. Runs of other rows collapse into a marker that says how many and what they share.
 */
export function tableSelection({ lines, query, options }: FamilyInput, headerEnd: number): Selection {
  const n = lines.length;
  const keep = new Uint8Array(n);
  for (let i = 0; i <= headerEnd; i++) keep[i] = 1;
  const headerLine = clean(lines[/^[\s=+|-]+$/.test(lines[headerEnd]!) && headerEnd > 0 ? headerEnd - 1 : headerEnd]!);
  const starts = DPKG_PREAMBLE.test(headerLine) ? undefined : columnStarts(headerLine);
  const maxCells = Math.min(8, Math.max(2, headerLine.trim().split(/\s+/).length - 1));
  const rows: number[] = [];
  const cells: string[][] = [];
  for (let i = headerEnd + 1; i < n; i++) {
    const line = bare(lines[i]!);
    if (line.trim() === '') continue;
    rows.push(i);
    cells.push(cellsOf(line, starts, maxCells));
  }
  const byRow = new Map<number, string[]>();
  for (let k = 0; k < rows.length; k++) {
    byRow.set(rows[k]!, cells[k]!);
    if (k < options.headRows) keep[rows[k]!] = 1;
  }
  const constant: (string | undefined)[] = [];
  for (let c = 0; c < maxCells; c++) {
    const counts = new Map<string, number>();
    for (const row of cells) if (row[c] !== undefined) counts.set(row[c]!, (counts.get(row[c]!) ?? 0) + 1);
    const top = [...counts].sort((a, b) => b[1] - a[1])[0];
    const categorical = counts.size <= Math.max(5, rows.length * 0.05) && top !== undefined && top[1] >= rows.length * 0.5;
    constant.push(categorical ? top[0] : undefined);
    if (categorical) {
      const rare = Math.max(1, Math.floor(rows.length * 0.02));
      cells.forEach((row, k) => {
        if (row[c] !== undefined && counts.get(row[c]!)! <= rare) keep[rows[k]!] = 1;
      });
    }
    const values = cells.map((row) => (row[c] === undefined ? undefined : numeric(row[c]!)));
    const known = values.filter((v): v is number => v !== undefined);
    if (known.length >= rows.length * 0.9 && known.length >= 8) {
      const sorted = [...known].sort((a, b) => b - a);
      const median = sorted[Math.floor(sorted.length / 2)]!;
      const nth = sorted[Math.min(options.standoutSizes, sorted.length) - 1]!;
      const percent = cells.some((row) => row[c]?.endsWith('%'));
      values.forEach((v, k) => {
        if (v === undefined) return;
        if ((v >= nth && v > median * 4) || (percent && v >= 90 && median < 90)) keep[rows[k]!] = 1;
      });
    }
  }
  for (let i = headerEnd + 1; i < n; i++) {
    const line = head(lines[i]!);
    // The states are in the columns, not in free text (a description that mentions "error").
    const row = byRow.get(i);
    const states = row ? (row.length > 2 ? row.slice(0, -1) : row).join(' ') : line;
    if (query.matches[i] || ROW_ALERT.test(states) || (!row && line.trim() !== '')) keep[i] = 1;
  }
  const describe = (from: number, to: number): string => {
    let count = 0;
    const shared: string[] = [];
    const first = new Map<number, string | undefined>();
    const same = new Set<number>(constant.map((_, c) => c).filter((c) => constant[c] !== undefined));
    for (let i = from; i < to; i++) {
      const row = byRow.get(i);
      if (!row) continue;
      count++;
      // Deleting the current column while iterating the set is safe: no copy of it per row.
      for (const c of same) {
        if (!first.has(c)) first.set(c, row[c]);
        else if (first.get(c) !== row[c]) same.delete(c);
      }
    }
    for (const c of same) if (first.get(c)) shared.push(first.get(c)!);
    return `${count} more rows${shared.length > 0 ? `, all ${shared.slice(0, 3).join(' ').slice(0, 60)}` : ''}`;
  };
  return { lines, keep, describe, kind: 'rows' };
}
