import { ABSENT, encodeString } from './cells.js';
import { type ColumnFacts, columnFacts, MAX_LISTED_LENGTH, MAX_LISTED_VALUES } from './column-facts.js';
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

export function selectRows(table: Table, terms: readonly string[]): Selection {
  const n = table.rows.length;
  const columns = table.columns;
  const facts = columnFacts(columns);
  const errors = errorRows(columns, n);
  const outliers = outlierRows(columns, n, facts);
  const flagged = new Set<number>([...errors, ...rareRows(columns, n, facts), ...uniqueTextRows(columns, n, facts), ...queryRows(columns, n, terms)]);
  const notes: string[] = [];
  const signature = signatureOf(columns, facts);
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
  notes.push(...valueNotes(columns, facts, new Set(sorted)));
  return { keep: sorted, errors, notes };
}

/**
 * What makes two flagged rows "the same": their level/status and free-text columns with digits
 * and hex ids blanked. Undefined when a table has no such columns (nothing to fold on).
 */
function signatureOf(columns: readonly Column[], facts: ReadonlyMap<Column, ColumnFacts>): ((r: number) => string | undefined) & { describe: string } {
  const rows = columns.filter((c) => c.kind === 'cells' || c.kind === 'prefix');
  const exact = rows.filter((c) => /^(level|severity|log_?level|status|status_?code|code)$/i.test(lastKey(c)));
  const texts = rows.filter((c) => !exact.includes(c) && isTextColumn(facts.get(c)!));
  const describe = [...exact, ...texts].map((c) => pathText(c.path)).join(', ');
  const fn = (r: number) =>
    exact.length + texts.length === 0 ? undefined : [...exact.map((c) => String(c.values[r])), ...texts.map((c) => normalize(c.values[r]))].join('\u0001');
  return Object.assign(fn, { describe });
}

function isTextColumn({ strings, spaced, stringLength }: ColumnFacts): boolean {
  return strings > 0 && spaced >= strings / 2 && stringLength / strings >= 15;
}

function normalize(value: unknown): string {
  if (value === ABSENT) return '';
  const text = typeof value === 'string' ? value : stringifyJson(value);
  return text.replace(/[0-9a-f]*\d[0-9a-f]*/gi, '#');
}

/** For low-cardinality string columns: every value and its count, so hidden rows' values stay visible. */
function valueNotes(columns: readonly Column[], facts: ReadonlyMap<Column, ColumnFacts>, shown: ReadonlySet<number>): string[] {
  const notes: string[] = [];
  for (const column of columns) {
    if (column.kind !== 'cells' && column.kind !== 'prefix') continue;
    // Listed only when every value present is a short string, of a few distinct ones.
    const { present, strings, longestString, labels: counts } = facts.get(column)!;
    if (strings < present || longestString > MAX_LISTED_LENGTH || counts === undefined || counts.size > MAX_LISTED_VALUES || counts.size < 2) continue;
    const visible = new Set<unknown>([...shown].map((r) => column.values[r]));
    if ([...counts.keys()].every((v) => visible.has(v))) continue;
    notes.push(`# ${pathText(column.path)} values: ${[...counts].map(([v, c]) => `${encodeString(v as string, false)} (${c})`).join(', ')}`);
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
