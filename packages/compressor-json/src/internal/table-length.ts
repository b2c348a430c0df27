import { ABSENT, type Cell } from './cells.js';
import { isRawNumber, rawText } from './raw-number.js';
import { pathText } from './render.js';
import type { Table } from './table.js';

/**
 * Bounds of the length of `renderTableAlone(table, rows)`, given the length of the same rows as
 * minified JSON (`json`), without encoding a cell: the trial render is needed only where the
 * bounds do not settle how the table compares with the JSON.
 *
 * The header is computed exactly; each row adds a comma between its cells and a newline.
 * Upper: no cell is longer than its value's JSON (a string is bare or the same literal, a prefix
 * column writes part of it, a nested value is its JSON), except `-0`, which JSON writes `0`. The
 * columns are disjoint parts of each row, and a value that is an object member comes after its
 * quoted key and a colon, which the table never writes; a constant column's values are each at
 * least as long as the one written in the header. So the cells take at most `json` minus those.
 * Lower: a string cell is at least its text (less a hoisted prefix and suffix), any other at
 * least its shortest JSON.
 */
export function tableLengthBounds(table: Table, rows: number, json: number): { lower: number; upper: number } {
  const n = Math.min(rows, table.rows.length);
  let upper = json;
  let lower = 0;
  let written = 0;
  let header = table.name.length + String(table.rows.length).length + 6 + Math.max(0, table.columns.length - 1);
  for (const column of table.columns) {
    const rowsWrite = column.kind === 'cells' || column.kind === 'prefix';
    const spec = column.kind === 'cells' ? '' : column.spec;
    header += (column.key ? 5 : pathText(column.path).length) + (spec ? spec.length + 1 : 0);
    if (rowsWrite) written++;
    const values = column.values;
    if (column.key) {
      // A keyed map's keys are not in the JSON of its values: each cell at most its key's literal.
      if (!rowsWrite) continue;
      for (let r = 0; r < n; r++) {
        const key = values[r] as string;
        upper += JSON.stringify(key).length;
        lower += key.length - column.prefix.length - column.suffix.length;
      }
      continue;
    }
    const last = column.path[column.path.length - 1];
    // Left out of the table: the member's key (`"name":`), and a constant's value.
    const omitted = (typeof last === 'string' ? JSON.stringify(last).length + 1 : 0) + (column.kind === 'const' ? spec.length : 0);
    const folded = column.prefix.length + column.suffix.length;
    for (let r = 0; r < n; r++) {
      const v = values[r];
      if (v === ABSENT) continue;
      upper -= omitted;
      if (!rowsWrite) continue;
      if (v === 0 && Object.is(v, -0)) upper++;
      lower += typeof v === 'string' ? v.length - folded : shortestJson(v);
    }
  }
  const lines = header + n * Math.max(1, written);
  return { lower: lines + lower, upper: lines + upper };
}

/** A length no encoding of a non-string value goes below. */
function shortestJson(v: Cell): number {
  if (typeof v === 'number') return 1;
  if (v === null) return 4;
  if (typeof v === 'boolean') return v ? 4 : 5;
  if (isRawNumber(v)) return rawText(v).length;
  return 2;
}
