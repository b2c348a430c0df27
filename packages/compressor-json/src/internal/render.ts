import { estimateTokens } from '@headroom/core';
import type { Analysis } from './analyze.js';
import { ABSENT, type Cell, encodeCell, formatNumber, isSlice, needsQuotes } from './cells.js';
import { hasLongString } from './long-string.js';
import { holdsRaw, isRawNumber, rawText } from './raw-number.js';
import { type Column, isRecord, type PathPart, type Table } from './table.js';

export const FORMAT_TAG = '# headroom-json v1';
/** The key column of a table that stands for an object keyed by data. A real key `#key` is always quoted. */
export const KEY_COLUMN = '#key';
const MIN_SAVED_PER_USE = 2;

/** What the lossy stage shows of one table. */
export interface TableView {
  /** Row indexes shown, ascending. */
  readonly keep: readonly number[];
  /** Marker line standing for the omitted rows. */
  readonly marker: string;
  /** Extra `# ...` lines after the rows (repeated patterns, values of hidden rows). */
  readonly notes: readonly string[];
}

export interface RenderOptions {
  readonly views?: ReadonlyMap<Table, TableView>;
  /** Rewrites a value before it is written (the lossy stage truncates long strings here). */
  readonly mapValue?: (value: Cell, table: Table | undefined, row: number | undefined) => Cell;
  /** Collections written as something else (the lossy stage's thinned lists and maps). */
  readonly replace?: ReadonlyMap<object, unknown>;
  /** Objects and arrays with a replaced collection inside: walked, not stringified whole. */
  readonly descend?: ReadonlySet<object>;
  /** Write every value in full (no prefix/suffix folding, no `@N`), so the few rows shown read (and search) as they were. */
  readonly fullValues?: boolean;
  /** Outside tables, `mapValue` returns strings of at most this length as they are (and changes nothing else). */
  readonly unchangedUpTo?: number;
}

interface Features {
  const: boolean;
  seq: boolean;
  prefix: boolean;
  dictionary: boolean;
  absent: boolean;
  refs: boolean;
  index: boolean;
  slices: boolean;
  keyed: boolean;
}

/** Renders the whole document: tag line, dictionary, skeleton, tables. */
export function render(analysis: Analysis, options: RenderOptions = {}): string {
  const features: Features = { const: false, seq: false, prefix: false, dictionary: false, absent: false, refs: false, index: false, slices: false, keyed: false };
  const skeleton = analysis.rootIsTable ? undefined : serializeSkeleton(analysis, options, features);
  const prepared = analysis.tables.map((table) => prepareTable(table, options, features));
  const dictionary = options.fullValues ? new Map<string, number>() : chooseDictionary(prepared);
  features.dictionary = dictionary.size > 0;
  const out: string[] = [headerLine(features)];
  for (const [text, index] of dictionary) out.push(`@${index}=${text}`);
  if (skeleton !== undefined) out.push(skeleton);
  for (const table of prepared) writeTable(table, dictionary, out);
  return out.join('\n');
}

/** The first `rows` rows of a table on its own, no dictionary: to decide whether a table beats inline JSON. */
export function renderTableAlone(table: Table, rows: number): string {
  const features: Features = { const: false, seq: false, prefix: false, dictionary: false, absent: false, refs: false, index: false, slices: false, keyed: false };
  const out: string[] = [];
  writeTable(prepareTable(table, {}, features, rows, false), new Map(), out);
  return out.join('\n');
}

function headerLine(f: Features): string {
  const parts = ['$name[N]{columns}: N records, one per line'];
  if (f.index) parts.push('# = row index');
  if (f.const) parts.push('col=value: same in every row');
  if (f.seq) parts.push('seq(a,step): a+step*row');
  if (f.prefix) parts.push('prefix(p)suffix(s): p + cell + s');
  if (f.dictionary) parts.push('@N: value N below');
  if (f.absent) parts.push('empty cell: key absent');
  if (f.refs) parts.push('"$name": that table');
  if (f.slices) parts.push('$name[a-b]: its rows a to b');
  if (f.keyed) parts.push('#key: the table is an object, each row its entry #key');
  return `${FORMAT_TAG}: ${parts.join('; ')}`;
}

/** A sequence that equals the row index. */
const ROW_INDEX_SEQ = 'seq(0,1)';

interface PreparedTable {
  readonly table: Table;
  readonly head: string;
  /** Encoded cells of each shown row, in column order (cells and prefix columns only). */
  readonly rows: readonly (readonly string[])[];
  readonly keys: readonly (readonly (string | undefined)[])[];
  readonly view: TableView | undefined;
}

/** `withKeys` false: no dictionary will be chosen (a trial render), so no dictionary keys are collected. */
function prepareTable(table: Table, options: RenderOptions, f: Features, limit = table.rows.length, withKeys = !options.fullValues): PreparedTable {
  const view = options.views?.get(table);
  if (table.keys) f.keyed = true;
  const shown = view ? view.keep : Array.from({ length: Math.min(limit, table.rows.length) }, (_, i) => i);
  const map = options.mapValue;
  const specs: string[] = view ? ['#'] : [];
  const rowColumns: Column[] = [];
  for (const column of table.columns) {
    let spec = '';
    if (column.kind === 'const') {
      f.const = true;
      spec = map ? encodeCell(map(column.values[0], table, undefined), true) : column.spec;
    } else if (column.kind === 'seq' && (!view || column.spec === ROW_INDEX_SEQ)) {
      // Only where every row is written (or the value is the row index `#` shows anyway): a shown
      // row of a partial view carries its own value, so the model reads row 21's `2847` instead of
      // working out seq(2910,-3) at row 21.
      f.seq = true;
      spec = column.spec;
    } else {
      if (column.kind === 'prefix' && !options.fullValues) {
        f.prefix = true;
        spec = column.spec;
      }
      rowColumns.push(column);
    }
    const path = column.key ? KEY_COLUMN : pathText(column.path);
    specs.push(spec ? `${path}=${spec}` : path);
  }
  const rows: string[][] = [];
  const keys: (string | undefined)[][] = [];
  for (const r of shown) {
    const cells: string[] = view ? [String(r)] : [];
    const rowKeys: (string | undefined)[] = view ? [undefined] : [];
    for (const column of rowColumns) {
      const raw = column.values[r];
      const value = map && raw !== ABSENT ? map(raw, table, r) : raw;
      if (value === ABSENT) f.absent = true;
      else if (isSlice(value)) f.slices = true;
      const folded = column.kind === 'prefix' && !options.fullValues && typeof value === 'string';
      // A folded cell's full text is only ever a dictionary key.
      const full = folded && !withKeys ? '' : encodeCell(value);
      cells.push(folded ? encodeRest(value.slice(column.prefix.length, value.length - column.suffix.length)) : full);
      // A dictionary key is the value's typed text; prefix columns write the rest untyped.
      if (!withKeys) continue;
      rowKeys.push((typeof value === 'object' && value !== null && !isSlice(value)) || (typeof value === 'string' && value.length >= 6) ? full : undefined);
    }
    rows.push(cells);
    keys.push(rowKeys);
  }
  if (view) f.index = true;
  const count = view ? `${table.rows.length} rows, ${shown.length} shown` : String(table.rows.length);
  return { table, head: `$${table.name}[${count}]{${specs.join(',')}}:`, rows, keys, view };
}

function encodeRest(rest: string): string {
  return needsQuotes(rest, false, false) ? JSON.stringify(rest) : rest;
}

function writeTable(prepared: PreparedTable, dictionary: ReadonlyMap<string, number>, out: string[]): void {
  out.push(prepared.head);
  for (let r = 0; r < prepared.rows.length; r++) {
    const cells = prepared.rows[r]!;
    const keys = prepared.keys[r]!;
    if (dictionary.size > 0) {
      const line = cells.map((cell, c) => {
        const key = keys[c];
        const index = key === undefined ? undefined : dictionary.get(key);
        return index === undefined ? cell : `@${index}`;
      });
      out.push(line.join(','));
    } else out.push(cells.join(','));
  }
  if (prepared.view) {
    out.push(prepared.view.marker);
    out.push(...prepared.view.notes);
  }
}

/** Repeated long values become `@N` when that saves tokens overall. Indexes follow first use. */
function chooseDictionary(tables: readonly PreparedTable[]): Map<string, number> {
  const counts = new Map<string, { count: number; cell: string }>();
  for (const table of tables) {
    table.keys.forEach((keys, r) => {
      keys.forEach((key, c) => {
        if (key === undefined) return;
        const seen = counts.get(key);
        if (seen) seen.count++;
        else counts.set(key, { count: 1, cell: table.rows[r]![c]! });
      });
    });
  }
  const dictionary = new Map<string, number>();
  for (const [key, { count, cell }] of counts) {
    if (count < 2) continue;
    // The cost saved is the cell as written (a prefix column writes only the rest).
    const cost = estimateTokens(cell);
    const refCost = 1 + Math.ceil(String(dictionary.size).length / 3);
    // A reference must save a few tokens per use: `@7` for a one-word value costs reading for nothing.
    if (cost >= refCost + MIN_SAVED_PER_USE && count * cost > count * refCost + cost + 3) dictionary.set(key, dictionary.size);
  }
  return dictionary;
}

/** A column path: keys joined by `.`, each bare unless it could be misread; array indexes as `[i]`. */
export function pathText(path: readonly PathPart[]): string {
  let text = '';
  for (const part of path) {
    if (typeof part === 'number') text += `[${part}]`;
    else text += (text ? '.' : '') + (/^[^.,={}"[\]\s@$#]+$/.test(part) ? part : JSON.stringify(part));
  }
  return text;
}

/** A real string starting with `$` gets one more, so it cannot be read as a table reference. */
function escapeDollar(value: unknown): string {
  const text = typeof value === 'string' ? value : String(value);
  return text.startsWith('$') ? `$${text}` : text;
}

/** The non-table part as JSON; tables become `"$name"`, and real strings starting with `$` get one more `$`. */
function serializeSkeleton(analysis: Analysis, options: RenderOptions, f: Features): string {
  const map = options.mapValue;
  const parts: string[] = [];
  const write = (value: unknown): void => {
    const node = typeof value === 'object' && value !== null ? (options.replace?.get(value) ?? value) : value;
    const table = analysis.tableOf.get(node);
    if (table) {
      f.refs = true;
      parts.push(`"$${table.name}"`);
      return;
    }
    if (isRawNumber(node)) {
      parts.push(rawText(node));
      return;
    }
    // Numbers kept as their source text are written by the walk below, never by JSON.stringify.
    if (typeof node === 'object' && node !== null && !analysis.holders.has(node) && !holdsRaw(node) && options.descend?.has(node) !== true) {
      // No table below: native JSON. Strings are cut (lossy) and get their `$` doubled in a
      // replacer, which is slower, so the lossless path first tries without one.
      const json = map && (options.unchangedUpTo === undefined || hasLongString(node, options.unchangedUpTo)) ? undefined : JSON.stringify(node);
      parts.push(json !== undefined && !json.includes('"$') ? json : JSON.stringify(node, (_key, v: unknown) => (typeof v === 'string' ? escapeDollar(map ? map(v, undefined, undefined) : v) : v)));
      return;
    }
    switch (typeof node) {
      case 'string':
        parts.push(JSON.stringify(escapeDollar(map ? map(node, undefined, undefined) : node)));
        return;
      case 'number':
        parts.push(formatNumber(node));
        return;
      case 'boolean':
        parts.push(node ? 'true' : 'false');
        return;
      case 'object':
        if (node === null) parts.push('null');
        else if (Array.isArray(node)) {
          parts.push('[');
          node.forEach((item, i) => {
            if (i > 0) parts.push(',');
            write(item);
          });
          parts.push(']');
        } else if (isRecord(node)) {
          parts.push('{');
          let first = true;
          for (const key of Object.keys(node)) {
            const v = node[key];
            if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
            parts.push(first ? '' : ',', JSON.stringify(key), ':');
            first = false;
            write(v);
          }
          parts.push('}');
        }
        return;
      default:
        parts.push('null');
    }
  };
  write(analysis.value);
  return parts.join('');
}
