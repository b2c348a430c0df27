import { estimateTokens } from '@headroom/core';
import { ABSENT, type Cell, slice } from './cells.js';
import { fewerTokens } from './fewer-tokens.js';
import { stringifyJson } from './raw-number.js';
import { renderTableAlone } from './render.js';
import { tableLengthBounds } from './table-length.js';
import { buildTable, type Column, isKeyedMap, isRecord, isTableCandidate, type Table } from './table.js';

/** A JSON value with the arrays of records that are worth a table picked out. */
export interface Analysis {
  readonly value: unknown;
  /** In document order. */
  readonly tables: readonly Table[];
  readonly tableOf: ReadonlyMap<unknown, Table>;
  /** Objects and arrays with a table somewhere inside: everything else serializes as plain JSON. */
  readonly holders: ReadonlySet<unknown>;
  readonly rootIsTable: boolean;
}

/** Tables are looked for this deep; deeper arrays stay inline JSON. */
const MAX_TABLE_DEPTH = 32;
/** Arrays of records inside cells become a shared child table this many levels down at most. */
const MAX_NESTING = 8;
/** A child table needs this many records in all, and this many per array on average; shorter arrays read better inline. */
const MIN_CHILD_ROWS = 8;
const MIN_CHILD_AVERAGE = 3;

export function analyze(value: unknown): Analysis {
  const tables: Table[] = [];
  const tableOf = new Map<unknown, Table>();
  const names = new Set<string>();
  const holders = new Set<unknown>();
  const path: unknown[] = [];
  const visit = (node: unknown, key: string | undefined, depth: number): void => {
    if (depth > MAX_TABLE_DEPTH || typeof node !== 'object' || node === null) return;
    if (tableOf.has(node)) {
      for (const holder of path) holders.add(holder);
      return;
    }
    const array = Array.isArray(node) && isTableCandidate(node);
    const map = !array && isKeyedMap(node) ? Object.keys(node) : undefined;
    if (array || map) {
      const name = uniqueName(key, names);
      const rows = map ? map.map((k) => (node as Record<string, Record<string, unknown>>)[k]!) : (node as Record<string, unknown>[]);
      const table = buildTable(name, rows, map);
      if (worthATable(table, rows)) {
        names.add(name);
        const children: Table[] = [];
        const nested = nestChildren(table, names, children, 0);
        tables.push(nested, ...children);
        tableOf.set(node, nested);
        for (const holder of path) holders.add(holder);
        return;
      }
    }
    path.push(node);
    if (Array.isArray(node)) for (const item of node) visit(item, key, depth + 1);
    // for-in, not Object.keys: no key array per object (parsed records are plain objects).
    else if (isRecord(node)) for (const k in node) visit(node[k], k, depth + 1);
    path.pop();
  };
  visit(value, undefined, 0);
  return { value, tables, tableOf, holders, rootIsTable: tableOf.has(value) };
}

/**
 * Cells holding arrays of records (a directory's `children`, a run's `steps`) move into one child
 * table per column, all arrays end to end; each cell then names its rows: `$children[20-42]`.
 */
function nestChildren(table: Table, names: Set<string>, out: Table[], depth: number): Table {
  if (depth >= MAX_NESTING) return table;
  let changed = false;
  const columns = table.columns.map((column): Column => {
    if (column.kind !== 'cells' || column.key) return column;
    let arrays = 0;
    let records = 0;
    let maps = 0;
    let entries = 0;
    for (const v of column.values) {
      if (isRecordArray(v)) {
        arrays++;
        records += v.length;
      } else if (isKeyedMap(v, 1)) {
        maps++;
        for (const _ in v) entries++;
      }
    }
    // One kind of child per column: arrays of records, or maps keyed by data (`dependencies` in `npm ls`).
    const byMap = maps > arrays;
    const count = byMap ? maps : arrays;
    const total = byMap ? entries : records;
    if (count < 2 || total < MIN_CHILD_ROWS || total < MIN_CHILD_AVERAGE * count) return column;
    const name = uniqueName(String(column.path[column.path.length - 1]), names);
    const rows: Record<string, unknown>[] = [];
    const keys: string[] = [];
    const arrayStarts: number[] = [];
    const values: Cell[] = column.values.map((v) => {
      if (byMap ? !isKeyedMap(v, 1) : !isRecordArray(v)) return v;
      const items = byMap ? Object.keys(v as object) : (v as Record<string, unknown>[]);
      arrayStarts.push(rows.length);
      const cell = slice(name, rows.length, rows.length + items.length - 1);
      for (const item of items) {
        if (typeof item === 'string') {
          keys.push(item);
          rows.push((v as Record<string, Record<string, unknown>>)[item]!);
        } else rows.push(item);
      }
      return cell;
    });
    if (!isTableCandidate(rows)) return column;
    const child: Table = { ...buildTable(name, rows, byMap ? keys : undefined), arrayStarts };
    if (!worthATable(child, rows)) return column;
    names.add(name);
    const grandchildren: Table[] = [];
    out.push(nestChildren(child, names, grandchildren, depth + 1), ...grandchildren);
    changed = true;
    return { ...column, values };
  });
  return changed ? { ...table, columns } : table;
}

function isRecordArray(value: unknown): value is Record<string, unknown>[] {
  return Array.isArray(value) && value.length > 0 && value.every(isRecord);
}

/** Larger tables are judged on their first rows: the shape decides, and rendering twice is slow. */
const SAMPLE_ROWS = 40;

/** Shorter than this share of the JSON is surely fewer tokens; from `never` on, surely not. */
const TRIAL = { surely: 0.95, never: 1.02 };

/** A table only where it is smaller than the same array as minified JSON. */
function worthATable(table: Table, rows: readonly Record<string, unknown>[]): boolean {
  // With every key in every row, each cell drops its quoted key and a table of a few rows always
  // wins; sparse tables (rows of different shapes) can lose to their commas, tiny ones to the header.
  if (rows.length >= 4 && table.columns.every((column) => !column.values.includes(ABSENT))) return true;
  const json = stringifyJson(rows.length > SAMPLE_ROWS ? rows.slice(0, SAMPLE_ROWS) : rows);
  // A table drops quotes and keys, the token-dense part, so length mostly decides (the whole
  // document is still checked against minified JSON); where a bound of its length decides, it is
  // not rendered.
  const bounds = tableLengthBounds(table, SAMPLE_ROWS, json.length);
  if (bounds.upper < TRIAL.surely * json.length) return true;
  if (bounds.lower >= TRIAL.never * json.length) return false;
  return fewerTokens(renderTableAlone(table, SAMPLE_ROWS), json, estimateTokens, TRIAL);
}

function uniqueName(key: string | undefined, taken: ReadonlySet<string>): string {
  const base = (key ?? 'rows').replace(/[^A-Za-z0-9_-]/g, '').slice(0, 40) || 'rows';
  if (!taken.has(base)) return base;
  let i = 2;
  while (taken.has(`${base}${i}`)) i++;
  return `${base}${i}`;
}
