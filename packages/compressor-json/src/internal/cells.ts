/**
 * The cell grammar shared by table rows, hoisted constants and dictionary entries.
 *
 *   (empty)            the key is absent from that record
 *   null true false    the JSON literals
 *   12  -0.5  1e+21    a JSON number
 *   "..."              a JSON string (used whenever a bare string would be ambiguous)
 *   [...]  {...}       minified JSON
 *   @N                 dictionary entry N
 *   $name[a-b]         rows a..b of table `name` (an array of records nested in a cell)
 *   anything else      a bare string, read verbatim up to the next comma
 */

/** Marks a key that is not present in a record (different from `null`). */
export const ABSENT: unique symbol = Symbol('absent');
export type Cell = unknown;

import { isRawNumber, rawText, stringifyJson } from './raw-number.js';

const SLICE: unique symbol = Symbol('slice');

/** A cell standing for rows `start..end` (inclusive) of another table. */
export interface Slice {
  readonly [SLICE]: true;
  readonly table: string;
  readonly start: number;
  readonly end: number;
}

export function slice(table: string, start: number, end: number): Slice {
  return { [SLICE]: true, table, start, end };
}

export function isSlice(value: unknown): value is Slice {
  return typeof value === 'object' && value !== null && SLICE in value;
}

const SLICE_TEXT = /^\$([A-Za-z0-9_-]+)\[(\d+)(?:-(\d+))?\]$/;

const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

export function isJsonNumberText(text: string): boolean {
  return NUMBER.test(text);
}

/** Like JSON, but keeps -0 (JSON.stringify prints it as 0). Non-finite numbers become null, as in JSON. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return 'null';
  if (value === 0 && 1 / value < 0) return '-0';
  return String(value);
}

/**
 * Whether a string must be written as a JSON string literal instead of bare.
 * `strict` is for the table header, where `{` `}` also end a value. `typed` is false in prefix
 * columns, whose cells are always strings, so `12` or `true` may stay bare there.
 */
export function needsQuotes(text: string, strict: boolean, typed = true): boolean {
  const n = text.length;
  if (n === 0) return true;
  const first = text.charCodeAt(0);
  // " [ { @ $ and leading/trailing whitespace would read as something else or get lost.
  if (first === 34 || first === 91 || first === 123 || first === 64 || first === 36 || first <= 32) return true;
  if (text.charCodeAt(n - 1) <= 32) return true;
  // A long string (a message, a line of code) is searched natively first: nearly all have none of
  // the characters the loop below looks at, and it runs only when one is there.
  if (n >= LONG_CELL && !(strict ? SPECIAL_STRICT : SPECIAL).test(text)) return needsQuotesAsText(text, first, typed);
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 32 || c === 44 || c === 127) return true;
    if (strict && (c === 123 || c === 125)) return true;
    if (c >= 0xd800 && c <= 0xdfff) {
      // A lone surrogate is escaped by JSON.stringify; a well-formed pair may stay bare.
      const next = text.charCodeAt(i + 1);
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) i++;
      else return true;
    }
  }
  return needsQuotesAsText(text, first, typed);
}

const LONG_CELL = 48;
/** What the loop in needsQuotes stops at: control characters, `,`, DEL, surrogates (and `{` `}` when strict). */
const SPECIAL = /[\u0000-\u001f,\u007f\ud800-\udfff]/;
const SPECIAL_STRICT = /[\u0000-\u001f,\u007f{}\ud800-\udfff]/;

/** The checks on the whole text: literal-like, number-like, or a header spec's opening. */
function needsQuotesAsText(text: string, first: number, typed: boolean): boolean {
  if (typed && (text === 'null' || text === 'true' || text === 'false')) return true;
  if (typed && (first === 45 || (first >= 48 && first <= 57)) && NUMBER.test(text)) return true;
  return text.startsWith('seq(') || text.startsWith('prefix(') || text.startsWith('suffix(');
}

export function encodeString(text: string, strict: boolean): string {
  return needsQuotes(text, strict) ? JSON.stringify(text) : text;
}

/** Encodes one cell value. Nested arrays and objects are minified JSON. */
export function encodeCell(value: Cell, strict = false): string {
  if (value === ABSENT) return '';
  switch (typeof value) {
    case 'string':
      return encodeString(value, strict);
    case 'number':
      return formatNumber(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      if (value === null) return 'null';
      if (isSlice(value)) return value.start === value.end ? `$${value.table}[${value.start}]` : `$${value.table}[${value.start}-${value.end}]`;
      // A number kept as its source text (19-digit ids, `1.50`, `1e400`) is written as it came.
      if (isRawNumber(value)) return rawText(value);
      return stringifyJson(value);
    default:
      return 'null';
  }
}

/** Decodes one raw cell. Dictionary references resolve through `dictionary`. */
export function decodeCell(raw: string, dictionary: readonly Cell[]): Cell {
  if (raw.length === 0) return ABSENT;
  const first = raw.charCodeAt(0);
  if (first === 34 || first === 91 || first === 123) return JSON.parse(raw);
  if (first === 64) {
    const index = Number(raw.slice(1));
    if (!Number.isInteger(index) || index < 0 || index >= dictionary.length) throw new SyntaxError(`unknown dictionary entry ${raw}`);
    return dictionary[index];
  }
  if (first === 36) {
    const match = SLICE_TEXT.exec(raw);
    if (!match) throw new SyntaxError(`bad table slice ${raw}`);
    return slice(match[1]!, Number(match[2]), Number(match[3] ?? match[2]));
  }
  if (raw === 'null') return null;
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  if ((first === 45 || (first >= 48 && first <= 57)) && NUMBER.test(raw)) return Number(raw);
  return raw;
}

/**
 * Splits `line` into raw cells from `start`, stopping at end of line or at `stop` (a char code,
 * `}` for the header). Quoted strings and bracketed JSON may contain commas.
 */
export function splitCells(line: string, start = 0, stop = -1): { cells: string[]; end: number } {
  const cells: string[] = [];
  let i = start;
  for (;;) {
    const end = scanCell(line, i, stop);
    cells.push(line.slice(i, end));
    if (end >= line.length || line.charCodeAt(end) !== 44) return { cells, end };
    i = end + 1;
  }
}

/** The end of the cell starting at `start`: the next top-level comma, `stop`, or end of line. */
export function scanCell(line: string, start: number, stop = -1): number {
  const c = line.charCodeAt(start);
  if (c === 34) return skipString(line, start);
  if (c === 91 || c === 123) return skipBracketed(line, start);
  if (line.startsWith('seq(', start)) return skipCall(line, start);
  if (line.startsWith('prefix(', start) || line.startsWith('suffix(', start)) {
    let end = skipCall(line, start);
    if (line.startsWith('suffix(', end)) end = skipCall(line, end);
    return end;
  }
  let i = start;
  const n = line.length;
  while (i < n) {
    const d = line.charCodeAt(i);
    if (d === 44 || d === stop) break;
    i++;
  }
  return i;
}

export function skipString(line: string, at: number): number {
  let i = at + 1;
  const n = line.length;
  while (i < n) {
    const c = line.charCodeAt(i);
    if (c === 92) i += 2;
    else if (c === 34) return i + 1;
    else i++;
  }
  throw new SyntaxError('unterminated string in cell');
}

/** The end of a balanced run from `at` (an opening char): strings inside are skipped whole. */
function skipBalanced(line: string, at: number, opens: string, closes: string, what: string): number {
  let depth = 0;
  let i = at;
  const n = line.length;
  while (i < n) {
    const c = line[i]!;
    if (c === '"') {
      i = skipString(line, i);
      continue;
    }
    if (opens.includes(c)) depth++;
    else if (closes.includes(c) && --depth === 0) return i + 1;
    i++;
  }
  throw new SyntaxError(`unterminated ${what} in cell`);
}

function skipBracketed(line: string, at: number): number {
  return skipBalanced(line, at, '[{', ']}', 'brackets');
}

function skipCall(line: string, at: number): number {
  return skipBalanced(line, line.indexOf('(', at), '(', ')', 'call');
}
