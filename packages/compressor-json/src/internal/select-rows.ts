import { ABSENT, encodeString } from './cells.js';
import { queryRows } from './query.js';
import { stringifyJson } from './raw-number.js';
import { pathText } from './render.js';
import { errorRows, lastKey, outlierRows, rareRows, uniqueTextRows } from './signals.js';
import type { Column, Table } from './table.js';

export interface Selection {
  /** Rows to show, ascending. */
  readonly keep: readonly number[];
  /** Rows kept for an error signal: their strings get a longer limit. */
  readonly errors: ReadonlySet<number>;
  /** `# ...` lines: repeated patterns folded, values of categorical columns. */
  readonly notes: readonly string[];
}

/** A pattern repeated this often keeps only its first and last row. */
const FOLD_AT = 3;
const MAX_LISTED_VALUES = 12;
const MAX_LISTED_LENGTH = 60;

export function selectRows(table: Table, terms: readonly string[]): Selection {
  const n = table.rows.length;
  const columns = table.columns;
  const errors = errorRows(columns, n);
  const outliers = outlierRows(columns, n);
  const flagged = new Set<number>([...errors, ...rareRows(columns, n), ...uniqueTextRows(columns, n), ...queryRows(columns, n, terms)]);
  const notes: string[] = [];
  const signature = signatureOf(columns, n);
  const groups = new Map<string, number[]>();
  for (const r of [...flagged].sort((a, b) => a - b)) {
    const text = signature(r);
    if (text === undefined) continue;
    // Errors fold with errors only: a rare or query row never hides behind an error's count.
    const key = `${errors.has(r) ? 'error' : 'other'}\u0002${text}`;
    const group = groups.get(key);
    if (group) group.push(r);
    else groups.set(key, [r]);
  }
  for (const group of groups.values()) {
    if (group.length < FOLD_AT) continue;
    const first = group[0]!;
    const last = group[group.length - 1]!;
    for (const r of group) if (r !== first && r !== last && !outliers.has(r)) flagged.delete(r);
    notes.push(`# ${group.length} rows share the pattern of #${first} (${signature.describe}); #${first} and #${last} shown`);
  }
  const keep = new Set<number>([0, n - 1, ...flagged, ...outliers]);
  const sorted = [...keep].filter((r) => r >= 0 && r < n).sort((a, b) => a - b);
  notes.push(...valueNotes(columns, new Set(sorted)));
  return { keep: sorted, errors, notes };
}

/**
 * What makes two flagged rows "the same": their level/status and free-text columns with digits
 * and hex ids blanked. Undefined when a table has no such columns (nothing to fold on).
 */
function signatureOf(columns: readonly Column[], n: number): ((r: number) => string | undefined) & { describe: string } {
  const rows = columns.filter((c) => c.kind === 'cells' || c.kind === 'prefix');
  const exact = rows.filter((c) => /^(level|severity|log_?level|status|status_?code|code)$/i.test(lastKey(c)));
  const texts = rows.filter((c) => !exact.includes(c) && isTextColumn(c, n));
  const describe = [...exact, ...texts].map((c) => pathText(c.path)).join(', ');
  const fn = (r: number) =>
    exact.length + texts.length === 0 ? undefined : [...exact.map((c) => String(c.values[r])), ...texts.map((c) => normalize(c.values[r]))].join('\u0001');
  return Object.assign(fn, { describe });
}

function isTextColumn(column: Column, n: number): boolean {
  let present = 0;
  let spaced = 0;
  let length = 0;
  for (let r = 0; r < n; r++) {
    const v = column.values[r];
    if (typeof v !== 'string') continue;
    present++;
    length += v.length;
    if (v.includes(' ')) spaced++;
  }
  return present > 0 && spaced >= present / 2 && length / present >= 15;
}

function normalize(value: unknown): string {
  if (value === ABSENT) return '';
  const text = typeof value === 'string' ? value : stringifyJson(value);
  return text.replace(/[0-9a-f]*\d[0-9a-f]*/gi, '#');
}

/** For low-cardinality string columns: every value and its count, so hidden rows' values stay visible. */
function valueNotes(columns: readonly Column[], shown: ReadonlySet<number>): string[] {
  const notes: string[] = [];
  for (const column of columns) {
    if (column.kind !== 'cells' && column.kind !== 'prefix') continue;
    const counts = new Map<string, number>();
    let tooMany = false;
    for (const v of column.values) {
      if (typeof v !== 'string' || v.length > MAX_LISTED_LENGTH) {
        // A value that cannot be listed rules the column out: no need to read on.
        if (v !== ABSENT) {
          tooMany = true;
          break;
        }
        continue;
      }
      counts.set(v, (counts.get(v) ?? 0) + 1);
      if (counts.size > MAX_LISTED_VALUES) {
        tooMany = true;
        break;
      }
    }
    if (tooMany || counts.size < 2) continue;
    const visible = new Set<unknown>([...shown].map((r) => column.values[r]));
    if ([...counts.keys()].every((v) => visible.has(v))) continue;
    notes.push(`# ${pathText(column.path)} values: ${[...counts].map(([v, c]) => `${encodeString(v, false)} (${c})`).join(', ')}`);
  }
  return notes;
}

/** "1-65, 67-98": row indexes as ranges, cut short with "..." past `limit` chars. */
export function formatRanges(rows: readonly number[], limit = 90): string {
  const parts: string[] = [];
  let length = 0;
  for (let i = 0; i < rows.length; ) {
    let j = i;
    while (j + 1 < rows.length && rows[j + 1] === rows[j]! + 1) j++;
    const part = j === i ? `${rows[i]}` : `${rows[i]}-${rows[j]}`;
    if (length + part.length > limit) {
      parts.push('...');
      break;
    }
    parts.push(part);
    length += part.length + 2;
    i = j + 1;
  }
  return parts.join(', ');
}
