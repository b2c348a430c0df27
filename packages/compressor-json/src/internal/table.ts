import { estimateTokens } from '@headroom/core';
import { ABSENT, type Cell, encodeCell } from './cells.js';
import { isRawNumber } from './raw-number.js';
import { sameJson } from './same-json.js';
import { detectSequence } from './sequence.js';

/** A key, or an index into a short array of one length in every row. */
export type PathPart = string | number;

/**
 * A column of a table of records. `path` has more than one part when a nested object of the same
 * shape (or an array of the same short length) in every row was flattened into columns.
 *   cells   one cell per row
 *   const   the same value in every row, written once in the header
 *   seq     an arithmetic sequence, written once in the header
 *   prefix  strings that all start with `prefix` and/or end with `suffix`; rows hold the rest
 */
export interface Column {
  readonly path: readonly PathPart[];
  readonly kind: 'cells' | 'const' | 'seq' | 'prefix';
  /** The header spec after `=` for const, seq and prefix columns. */
  readonly spec: string;
  /** One value per row (ABSENT where the key is missing). */
  readonly values: readonly Cell[];
  readonly prefix: string;
  readonly suffix: string;
  /** The key column of a keyed map's table (written `#key`): each row's key in the map. */
  readonly key?: boolean;
}

export interface Table {
  readonly name: string;
  readonly rows: readonly Record<string, unknown>[];
  /** Set when the table stands for an object keyed by data (`{"1.0.0": {...}, ...}`): row r is its entry keys[r]. */
  readonly keys?: readonly string[];
  readonly columns: readonly Column[];
  /**
   * Set on a child table (see `nestChildren`): the rows where each of its source arrays begins, its
   * rows being many arrays laid end to end. A run of rows taken as one slice of the input must not
   * cross one of these, or the slice would carry whatever the input holds between two arrays.
   */
  readonly arrayStarts?: readonly number[];
}

const MAX_FLATTEN_DEPTH = 4;
/** Arrays up to this length flatten into one column per index (`context.before[0]`). */
const MAX_FLAT_ARRAY = 8;
/** Nested records with more distinct keys than this stay whole. */
const MAX_FLAT_KEYS = 40;
const MIN_PREFIX = 4;
/** A prefix or suffix is hoisted only when it saves at least this many tokens per cell. */
const MIN_PREFIX_TOKENS = 3;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !isRawNumber(value);
}

/** Records with more distinct keys than this are maps keyed by data (ids, paths), not tables. */
const MAX_COLUMNS = 300;

/** An array that can become a table: two or more records sharing a bounded set of keys. */
export function isTableCandidate(value: unknown): value is Record<string, unknown>[] {
  if (!Array.isArray(value) || value.length < 2) return false;
  const keys = new Set<string>();
  for (const item of value) {
    if (!isRecord(item)) return false;
    for (const key in item) {
      keys.add(key);
      if (keys.size > MAX_COLUMNS) return false;
    }
  }
  return true;
}

export function buildTable(name: string, rows: readonly Record<string, unknown>[], keys?: readonly string[]): Table {
  const columns = columnsOf(rows, [], 0).map((c) => classify(c.path, c.values));
  if (!keys) return { name, rows, columns };
  return { name, rows, keys, columns: [{ ...classify([], keys), key: true }, ...columns] };
}

/** Maps keyed by data have at least this many entries: smaller objects read better as they are. */
const MIN_MAP_ENTRIES = 4;

/** An object keyed by data whose values are records sharing a bounded set of keys (npm's `dependencies`, `versions`). */
export function isKeyedMap(value: unknown, minEntries = MIN_MAP_ENTRIES): value is Record<string, Record<string, unknown>> {
  if (!isRecord(value)) return false;
  // Counted with for-in, no key arrays: this runs on every object of a document.
  let count = 0;
  for (const _ in value) if (++count >= minEntries) break;
  if (count < minEntries) return false;
  count = 0;
  let fields = 0;
  for (const key in value) {
    const entry = value[key];
    if (!isRecord(entry)) return false;
    count++;
    for (const _ in entry) fields++;
  }
  if (minEntries < 2) return true;
  // Similar records: on average at least one field, and not many more distinct fields than a
  // record has (API objects whose members differ stay objects).
  const average = fields / count;
  if (average < 1) return false;
  const union = new Set<string>();
  for (const key in value) for (const field in value[key] as object) union.add(field);
  return union.size <= 3 * average + 2 && union.size <= MAX_COLUMNS;
}

type RawColumn = { path: PathPart[]; values: Cell[] };

function columnsOf(objects: readonly Cell[], path: readonly PathPart[], depth: number): RawColumn[] {
  const out: RawColumn[] = [];
  for (const key of keyOrder(objects)) {
    // Parsed JSON never holds undefined, so a missing key reads as undefined; only keys that
    // records inherit (`__proto__`, `toString`...) would read something else and need the check.
    const values =
      key in Object.prototype
        ? objects.map((o) => (o !== ABSENT && Object.hasOwn(o as object, key) ? (o as Record<string, unknown>)[key] : ABSENT))
        : objects.map((o) => {
            if (o === ABSENT) return ABSENT;
            const v = (o as Record<string, unknown>)[key];
            return v === undefined ? ABSENT : v;
          });
    expand(values, [...path, key], depth, out);
  }
  return out;
}

/** A column, or the columns of the objects or short arrays it holds when every row agrees on their shape. */
function expand(values: Cell[], path: PathPart[], depth: number, out: RawColumn[]): void {
  if (depth < MAX_FLATTEN_DEPTH && sameShapeObjects(values)) {
    out.push(...columnsOf(values, path, depth + 1));
    return;
  }
  const length = depth < MAX_FLATTEN_DEPTH ? sameLengthArrays(values) : 0;
  if (length === 0) {
    out.push({ path, values });
    return;
  }
  for (let i = 0; i < length; i++) {
    expand(
      values.map((v) => (v === ABSENT ? ABSENT : (v as unknown[])[i])),
      [...path, i],
      depth + 1,
      out,
    );
  }
}

/** The common length when present values are all arrays of one length (1..MAX_FLAT_ARRAY), else 0. */
function sameLengthArrays(values: readonly Cell[]): number {
  let length = 0;
  for (const v of values) {
    if (v === ABSENT) continue;
    if (!Array.isArray(v) || v.length === 0 || v.length > MAX_FLAT_ARRAY || (length !== 0 && v.length !== length)) return 0;
    length = v.length;
  }
  return length;
}

/**
 * Keys in first-seen order, with a key first seen in a later row placed right before the known
 * key that follows it there: optional keys keep their place, so records decode in key order.
 */
function keyOrder(objects: readonly Cell[]): string[] {
  const order: string[] = [];
  const seen = new Set<string>();
  for (const o of objects) {
    if (o === ABSENT || allSeen(o as object, seen)) continue;
    const keys = Object.keys(o as object);
    const known = keys.map((key) => seen.has(key));
    keys.forEach((key, i) => {
      if (known[i]) return;
      seen.add(key);
      let next = i + 1;
      while (next < keys.length && !known[next]) next++;
      order.splice(next < keys.length ? order.indexOf(keys[next]!) : order.length, 0, key);
    });
  }
  return order;
}

/** Every key of `o` is in `seen`: for-in walks the keys without allocating an array of them (records are plain objects). */
function allSeen(o: object, seen: ReadonlySet<string>): boolean {
  for (const key in o) if (!seen.has(key)) return false;
  return true;
}

/**
 * Present values are all non-empty records with mostly the same keys. Flattening loses nothing:
 * a present record has at least one present sub-cell, so "all sub-cells empty" means absent.
 * Records whose keys differ a lot (labels, free-form maps) stay whole: they would be all holes.
 */
function sameShapeObjects(values: readonly Cell[]): boolean {
  const union = new Set<string>();
  let records = 0;
  let keys = 0;
  for (const v of values) {
    if (v === ABSENT) continue;
    if (!isRecord(v)) return false;
    let own = 0;
    for (const key in v) {
      own++;
      union.add(key);
    }
    if (own === 0) return false;
    records++;
    keys += own;
    if (union.size > MAX_FLAT_KEYS) return false;
  }
  if (records === 0) return false;
  const average = keys / records;
  return union.size <= Math.max(average * 1.25, average + 2);
}

function classify(path: readonly PathPart[], values: readonly Cell[]): Column {
  if (values.length >= 2 && !values.includes(ABSENT)) {
    const first = values[0];
    // Nested values compare as JSON, walked side by side (no JSON written); scalars by value,
    // except -0, written `-0` yet === 0, which is never a constant.
    const same = typeof first === 'object' && first !== null ? (v: Cell) => sameJson(v, first) : (v: Cell) => v === first && !Object.is(v, -0);
    if (values.every(same)) {
      return column(path, values, 'const', encodeCell(values[0], true), '', '');
    }
    const seq = detectSequence(values);
    if (seq !== undefined) return column(path, values, 'seq', seq, '', '');
  }
  const found = commonPrefix(values);
  const prefix = worthHoisting(found) ? found : '';
  const suffix = commonSuffix(values, prefix.length);
  if (prefix || suffix) {
    const spec = `${prefix ? `prefix(${JSON.stringify(prefix)})` : ''}${suffix ? `suffix(${JSON.stringify(suffix)})` : ''}`;
    return column(path, values, 'prefix', spec, prefix, suffix);
  }
  return column(path, values, 'cells', '', '', '');
}

/** A literal, not a spread of a shared base: one object shape for every column, and no copy per column. */
function column(path: readonly PathPart[], values: readonly Cell[], kind: Column['kind'], spec: string, prefix: string, suffix: string): Column {
  return { path, values, prefix, suffix, kind, spec };
}

/**
 * The longest prefix shared by every present value (all strings, at least three), cut back to a
 * word boundary so the rest of each cell still tokenizes like the original.
 */
function commonPrefix(values: readonly Cell[]): string {
  let prefix: string | undefined;
  let count = 0;
  for (const v of values) {
    if (v === ABSENT) continue;
    if (typeof v !== 'string') return '';
    count++;
    if (prefix === undefined) prefix = v;
    else if (!v.startsWith(prefix)) {
      let i = 0;
      const n = Math.min(prefix.length, v.length);
      while (i < n && prefix.charCodeAt(i) === v.charCodeAt(i)) i++;
      if (i < prefix.length) prefix = prefix.slice(0, i);
    }
    if (prefix.length < MIN_PREFIX) return '';
  }
  if (prefix === undefined || count < 3) return '';
  let cut = prefix.length;
  while (cut > 0 && isWordChar(prefix.charCodeAt(cut - 1))) cut--;
  return prefix.slice(0, cut);
}

function worthHoisting(text: string): boolean {
  return text.length >= MIN_PREFIX && estimateTokens(text) >= MIN_PREFIX_TOKENS;
}

/**
 * The longest suffix shared by every present string (at least three) that leaves room for
 * `prefixLength`, starting where a token would (`T09:00:00Z` after a date, `Form.tsx` after
 * `Login`), never inside a word.
 */
function commonSuffix(values: readonly Cell[], prefixLength: number): string {
  // Counted in the same pass, not collected: most columns give up early, and the strings are
  // walked again only in the rare case that the boundary check needs them.
  let present = 0;
  let shortest = Number.POSITIVE_INFINITY;
  let suffix: string | undefined;
  for (const v of values) {
    if (v === ABSENT) continue;
    if (typeof v !== 'string') return '';
    present++;
    if (v.length < shortest) shortest = v.length;
    if (suffix === undefined) suffix = v;
    else if (!v.endsWith(suffix)) {
      let i = 0;
      const n = Math.min(suffix.length, v.length);
      while (i < n && suffix.charCodeAt(suffix.length - 1 - i) === v.charCodeAt(v.length - 1 - i)) i++;
      suffix = suffix.slice(suffix.length - i);
    }
    if (suffix.length < MIN_PREFIX) return '';
  }
  if (suffix === undefined || present < 3) return '';
  const whole = suffix;
  for (let start = Math.max(0, suffix.length - (shortest - prefixLength)); start < suffix.length; start++) {
    const first = suffix.charCodeAt(start);
    const boundary = start > 0 ? isBoundary(suffix.charCodeAt(start - 1), first) : values.every((v) => typeof v !== 'string' || v.length === whole.length || isBoundary(v.charCodeAt(v.length - whole.length - 1), first));
    if (boundary) {
      const cut = suffix.slice(start);
      return worthHoisting(cut) ? cut : '';
    }
  }
  return '';
}

/** 0 other, 1 digit, 2 upper case, 3 lower case (and non-ASCII letters). */
function charClass(c: number): number {
  if (c >= 48 && c <= 57) return 1;
  if (c >= 65 && c <= 90) return 2;
  if ((c >= 97 && c <= 122) || c >= 128) return 3;
  return 0;
}

/** Whether a token can start at `next` after `previous`: punctuation, or a change of kind (not `Fo`). */
function isBoundary(previous: number, next: number): boolean {
  const a = charClass(previous);
  const b = charClass(next);
  if (a === 0 || b === 0) return true;
  return a !== b && !(a === 2 && b === 3);
}

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c >= 128;
}
