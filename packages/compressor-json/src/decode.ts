import { HeadroomError } from '@headroom/core';
import { ABSENT, type Cell, decodeCell, isSlice, type Slice, scanCell, skipString, splitCells } from './internal/cells.js';
import { FORMAT_TAG, KEY_COLUMN } from './internal/render.js';
import { expandSequence } from './internal/sequence.js';
import { setOwn } from './internal/set-own.js';
import type { PathPart } from './internal/table.js';

interface HeadColumn {
  readonly path: readonly PathPart[];
  readonly kind: 'cells' | 'const' | 'seq' | 'prefix';
  readonly spec: string;
  /** The `#key` column: the table is an object keyed by this column. */
  readonly key?: boolean;
}

/**
 * Inverts `compressLossless`: the `# headroom-json v1` table encoding, or plain JSON (which is
 * what `compressLossless` emits when a table would not be smaller). Throws a HeadroomError
 * (`invalid_argument`) on text that is neither.
 */
export function decode(text: string): unknown {
  try {
    return text.startsWith(FORMAT_TAG) ? decodeDocument(text) : JSON.parse(text);
  } catch (error) {
    if (error instanceof HeadroomError) throw error;
    throw new HeadroomError('invalid_argument', `not headroom-json or JSON: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

function decodeDocument(text: string): unknown {
  const lines = text.split('\n');
  let i = 1;
  const dictionary: Cell[] = [];
  while (i < lines.length && lines[i]!.startsWith('@')) {
    const line = lines[i++]!;
    const eq = line.indexOf('=');
    if (Number(line.slice(1, eq)) !== dictionary.length) throw new SyntaxError(`dictionary entry out of order: ${line.slice(0, 20)}`);
    dictionary.push(decodeCell(line.slice(eq + 1), dictionary));
  }
  const skeleton = i < lines.length && !lines[i]!.startsWith('$') ? lines[i++] : undefined;
  const tables = new Map<string, unknown[]>();
  const tableKeys = new Map<string, string[]>();
  const slices: SliceFixup[] = [];
  let first: unknown[] | undefined;
  while (i < lines.length) {
    const head = parseHead(lines[i++]!);
    if (i + head.count > lines.length) throw new SyntaxError(`table $${head.name} is missing rows`);
    const keys: string[] = [];
    const rows = decodeRows(head, lines.slice(i, i + head.count), dictionary, slices, keys);
    i += head.count;
    tables.set(head.name, rows);
    if (head.columns[0]?.key) tableKeys.set(head.name, keys);
    first ??= rows;
  }
  /** A keyed table's rows a..b as the object they came from; other tables' rows as an array. */
  const tableValue = (name: string, rows: unknown[], start: number, end: number): unknown => {
    const keys = tableKeys.get(name);
    if (!keys) return rows.slice(start, end + 1);
    const out: Record<string, unknown> = {};
    for (let r = start; r <= end; r++) setOwn(out, keys[r]!, rows[r]);
    return out;
  };
  // Rows are shared by reference, so slices resolve in any order, nested ones included.
  for (const { holder, key, slice } of slices) {
    const rows = tables.get(slice.table);
    if (!rows || slice.end >= rows.length || slice.start > slice.end) throw new SyntaxError(`bad slice of $${slice.table}`);
    setOwn(holder, key, tableValue(slice.table, rows, slice.start, slice.end));
  }
  if (skeleton === undefined) {
    if (!first) throw new SyntaxError('no table and no JSON');
    const name = [...tables.keys()][0]!;
    return tableValue(name, first, 0, first.length - 1);
  }
  return JSON.parse(skeleton, (_key, value: unknown) => {
    if (typeof value !== 'string' || !value.startsWith('$')) return value;
    if (value.startsWith('$$')) return value.slice(1);
    const table = tables.get(value.slice(1));
    if (!table) throw new SyntaxError(`unknown table ${value}`);
    return tableValue(value.slice(1), table, 0, table.length - 1);
  });
}

const HEAD = /^\$([A-Za-z0-9_-]+)\[(\d+)\]\{/;

function parseHead(line: string): { name: string; count: number; columns: HeadColumn[] } {
  const match = HEAD.exec(line);
  if (!match) throw new SyntaxError(`expected a table header, got ${JSON.stringify(line.slice(0, 40))}`);
  const columns: HeadColumn[] = [];
  let pos = match[0].length;
  if (line.startsWith('}:', pos)) return { name: match[1]!, count: Number(match[2]), columns };
  for (;;) {
    const path: PathPart[] = [];
    const key = columns.length === 0 && line.startsWith(KEY_COLUMN, pos) && '=,}'.includes(line[pos + KEY_COLUMN.length] ?? '');
    if (key) pos += KEY_COLUMN.length;
    else for (;;) {
      if (line.charCodeAt(pos) === 34) {
        const end = scanCell(line, pos);
        path.push(JSON.parse(line.slice(pos, end)) as string);
        pos = end;
      } else {
        const from = pos;
        while (pos < line.length && !'.,=}['.includes(line[pos]!)) pos++;
        path.push(line.slice(from, pos));
      }
      while (line[pos] === '[') {
        const close = line.indexOf(']', pos);
        const index = Number(line.slice(pos + 1, close));
        if (close < 0 || !Number.isInteger(index) || index < 0) throw new SyntaxError('bad array index in column path');
        path.push(index);
        pos = close + 1;
      }
      if (line[pos] !== '.') break;
      pos++;
    }
    let spec = '';
    if (line[pos] === '=') {
      const end = scanCell(line, pos + 1, 125);
      spec = line.slice(pos + 1, end);
      pos = end;
    }
    const kind = spec === '' ? 'cells' : spec.startsWith('seq(') ? 'seq' : spec.startsWith('prefix(') || spec.startsWith('suffix(') ? 'prefix' : 'const';
    columns.push(key ? { path, kind, spec, key } : { path, kind, spec });
    if (line[pos] === ',') {
      pos++;
      continue;
    }
    if (!line.startsWith('}:', pos)) throw new SyntaxError(`bad table header near ${JSON.stringify(line.slice(pos, pos + 20))}`);
    return { name: match[1]!, count: Number(match[2]), columns };
  }
}

interface SliceFixup {
  readonly holder: Record<PathPart, unknown>;
  readonly key: PathPart;
  readonly slice: Slice;
}

function decodeRows(
  head: { count: number; columns: readonly HeadColumn[] },
  lines: readonly string[],
  dictionary: readonly Cell[],
  slices: SliceFixup[],
  keys: string[],
): unknown[] {
  const inRows = head.columns.filter((c) => c.kind === 'cells' || c.kind === 'prefix').length;
  const sequences = head.columns.map((c) => (c.kind === 'seq' ? expandSequence(c.spec, head.count) : undefined));
  const affixes = head.columns.map((c) => (c.kind === 'prefix' ? parseAffix(c.spec) : { prefix: '', suffix: '' }));
  return lines.map((line, r) => {
    const cells = inRows === 0 ? [] : splitCells(line).cells;
    if (cells.length !== inRows) throw new SyntaxError(`row ${r} has ${cells.length} cells, expected ${inRows}`);
    const row: Record<string, unknown> = {};
    let next = 0;
    head.columns.forEach((column, c) => {
      let value: Cell;
      if (column.kind === 'const') value = decodeCell(column.spec, dictionary);
      else if (column.kind === 'seq') value = sequences[c]![r];
      else if (column.kind === 'cells') value = decodeCell(cells[next++]!, dictionary);
      else value = decodeAffixed(cells[next++]!, affixes[c]!, dictionary);
      if (column.key) {
        keys.push(String(value));
        return;
      }
      if (value === ABSENT) return;
      const holder = setPath(row, column.path, value);
      if (isSlice(value)) slices.push({ holder, key: column.path[column.path.length - 1]!, slice: value });
    });
    return row;
  });
}

/** `prefix("p")`, `suffix("s")` or both, one after the other. */
function parseAffix(spec: string): { prefix: string; suffix: string } {
  const out = { prefix: '', suffix: '' };
  let pos = 0;
  for (const part of ['prefix', 'suffix'] as const) {
    if (!spec.startsWith(`${part}(`, pos)) continue;
    const from = pos + part.length + 1;
    const end = skipString(spec, from);
    out[part] = JSON.parse(spec.slice(from, end)) as string;
    if (spec[end] !== ')') throw new SyntaxError(`bad ${part} spec`);
    pos = end + 1;
  }
  if (pos !== spec.length) throw new SyntaxError(`bad prefix/suffix spec ${spec.slice(0, 40)}`);
  return out;
}

/** Prefix/suffix-column cells are always strings: prefix + rest + suffix, or a whole `@N` value. */
function decodeAffixed(raw: string, affix: { prefix: string; suffix: string }, dictionary: readonly Cell[]): Cell {
  if (raw.length === 0) return ABSENT;
  if (raw.startsWith('@')) return decodeCell(raw, dictionary);
  return affix.prefix + (raw.startsWith('"') ? (JSON.parse(raw) as string) : raw) + affix.suffix;
}

/** Sets `value` at `path` in `row` (making the objects and arrays on the way) and returns its holder. */
function setPath(row: Record<PathPart, unknown>, path: readonly PathPart[], value: unknown): Record<PathPart, unknown> {
  let target = row;
  for (let i = 0; i < path.length - 1; i++) {
    const key = path[i]!;
    if (!Object.hasOwn(target, key)) setOwn(target, key, typeof path[i + 1] === 'number' ? [] : {});
    target = target[key] as Record<PathPart, unknown>;
  }
  setOwn(target, path[path.length - 1]!, value);
  return target;
}
