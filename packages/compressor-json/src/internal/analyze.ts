import { estimateTokens } from '@headroom/core';
import { renderTableAlone } from './render.js';
import { buildTable, isRecord, isTableCandidate, type Table } from './table.js';

/** A JSON value with the arrays of records that are worth a table picked out. */
export interface Analysis {
  readonly value: unknown;
  /** In document order. */
  readonly tables: readonly Table[];
  readonly tableOf: ReadonlyMap<unknown, Table>;
  readonly rootIsTable: boolean;
}

/** Tables are looked for this deep; deeper arrays stay inline JSON. */
const MAX_TABLE_DEPTH = 32;

export function analyze(value: unknown): Analysis {
  const tables: Table[] = [];
  const tableOf = new Map<unknown, Table>();
  const names = new Set<string>();
  const visit = (node: unknown, key: string | undefined, depth: number): void => {
    if (depth > MAX_TABLE_DEPTH || typeof node !== 'object' || node === null) return;
    if (tableOf.has(node)) return;
    if (isTableCandidate(node)) {
      const name = uniqueName(key, names);
      const table = buildTable(name, node);
      if (worthATable(table, node)) {
        names.add(name);
        tables.push(table);
        tableOf.set(node, table);
        return;
      }
    }
    if (Array.isArray(node)) for (const item of node) visit(item, key, depth + 1);
    else if (isRecord(node)) for (const k of Object.keys(node)) visit(node[k], k, depth + 1);
  };
  visit(value, undefined, 0);
  return { value, tables, tableOf, rootIsTable: tableOf.has(value) };
}

/** A table only where it is smaller than the same array as minified JSON. */
function worthATable(table: Table, rows: readonly unknown[]): boolean {
  return estimateTokens(renderTableAlone(table)) < estimateTokens(JSON.stringify(rows));
}

function uniqueName(key: string | undefined, taken: ReadonlySet<string>): string {
  const base = (key ?? 'rows').replace(/[^A-Za-z0-9_-]/g, '').slice(0, 40) || 'rows';
  if (!taken.has(base)) return base;
  let i = 2;
  while (taken.has(`${base}${i}`)) i++;
  return `${base}${i}`;
}
