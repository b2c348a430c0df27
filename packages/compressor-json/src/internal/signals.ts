import { ABSENT, type Cell, isSlice } from './cells.js';
import { type ColumnFacts, columnFacts, maxCategories } from './column-facts.js';
import { isRawNumber, stringifyJson } from './raw-number.js';
import type { Column } from './table.js';

/**
 * Row signals for the lossy stage. Each returns the rows it flags; none uses a fixed K. A signal
 * that fires on a large share of rows does not discriminate and is ignored (or capped).
 */

const ERROR_WORDS = new Set(['error', 'errors', 'err', 'exception', 'exceptions', 'fault', 'faults', 'failure', 'failures', 'failed', 'fatal', 'traceback', 'stacktrace', 'stack', 'panic']);
const STATUS_KEY = /^(status|status_?code|statuscode|http_?status|http_?code|response_?code|code|state|result|outcome|conclusion)$/i;
const LEVEL_KEY = /^(level|severity|log_?level|lvl|levelname|priority)$/i;
const OK_KEY = /^(ok|success|succeeded|successful|passed|healthy|ready)$/i;
const BAD_STATUS = /^(error|errored|failed|failure|failing|fatal|crashed|timeout|timed[_ ]out|aborted|cancell?ed|rejected|denied|unhealthy|down|critical|dead|oomkilled|crashloopbackoff)$/i;
const BAD_LEVEL = /^(error|err|fatal|critical|crit|alert|emerg|emergency|panic|severe)$/i;
const EMPTY_TEXT = /^(|none|null|nil|false|0|ok|n\/a|-)$/i;
// Words, not identifiers: `formState.errors` or `new Error(` in code are not error events.
export const KEYWORD = /(?<![\w.$-])(errors?|exception|failed|failure|fatal|panic|crash(?:ed)?|traceback|time(?:d ?)?out|refused|denied|unreachable|critical|segfault|oom)(?![\w.(-])/i;

/** Keyword hits count only in a column where they are rare. */
const KEYWORD_SHARE = 0.1;
const RARE_SHARE = 0.02;
const RARE_COLUMN_SHARE = 0.05;
const OUTLIER_Z = 3.5;
/** Average length of a categorical column's distinct values at most. */
const CATEGORY_LENGTH = 32;

/** The column's own key: the last key of its path, array indexes skipped. */
export function lastKey(column: Column): string {
  for (let i = column.path.length - 1; i >= 0; i--) {
    const part = column.path[i];
    if (typeof part === 'string') return part;
  }
  return '';
}

/** Rows carrying an error-like field or value. */
export function errorRows(columns: readonly Column[], n: number): Set<number> {
  const rows = new Set<number>();
  for (const column of columns) {
    const key = lastKey(column);
    const values = column.values;
    if (column.path.some((part) => typeof part === 'string' && isErrorKey(part))) {
      for (let r = 0; r < n; r++) if (truthy(values[r])) rows.add(r);
    }
    if (STATUS_KEY.test(key)) {
      for (let r = 0; r < n; r++) {
        const v = values[r];
        if ((typeof v === 'number' && v >= 400 && v < 600) || (typeof v === 'string' && BAD_STATUS.test(v))) rows.add(r);
      }
    } else if (LEVEL_KEY.test(key)) {
      for (let r = 0; r < n; r++) {
        const v = values[r];
        if (typeof v === 'string' && BAD_LEVEL.test(v)) rows.add(r);
      }
    } else if (OK_KEY.test(key)) {
      for (let r = 0; r < n; r++) if (values[r] === false) rows.add(r);
    }
  }
  const allowed = Math.max(2, KEYWORD_SHARE * n);
  for (const column of columns) {
    if (column.kind === 'const' || column.kind === 'seq') continue;
    const hits: number[] = [];
    // Repeated values (levels, hosts, templates) are tested once.
    const seen = new Map<string, boolean>();
    for (let r = 0; r < n && hits.length <= allowed; r++) {
      const text = textOf(column.values[r]);
      if (text === undefined) continue;
      let hit = seen.get(text);
      if (hit === undefined) {
        hit = KEYWORD.test(text.length > 4000 ? text.slice(0, 4000) : text);
        if (seen.size < 10_000) seen.set(text, hit);
      }
      if (hit) hits.push(r);
    }
    if (hits.length <= allowed) for (const r of hits) rows.add(r);
  }
  return rows;
}

/** Keys repeat across tables and calls: whether a key names an error is decided once per key. */
const errorKeys = new Map<string, boolean>();
const MAX_REMEMBERED_KEYS = 10_000;

function isErrorKey(key: string): boolean {
  let known = errorKeys.get(key);
  if (known === undefined) {
    known = words(key).some((word) => ERROR_WORDS.has(word));
    if (errorKeys.size >= MAX_REMEMBERED_KEYS) errorKeys.clear();
    errorKeys.set(key, known);
  }
  return known;
}

/** The words of a key: `lastError` and `last_error` are `last`, `error`; `defaultBranch` has no `fault`. */
function words(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/);
}

function truthy(v: Cell): boolean {
  if (v === ABSENT || v === null || v === false || isSlice(v)) return false;
  if (typeof v === 'string') return !EMPTY_TEXT.test(v.trim());
  if (Array.isArray(v)) return v.length > 0;
  if (isRawNumber(v)) return false;
  if (typeof v === 'object') {
    for (const _ in v as object) return true;
    return false;
  }
  // Numbers (error counts, rates) are left to the outlier signal.
  return v === true;
}

function textOf(v: Cell): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'object' && v !== null && !isSlice(v)) return stringifyJson(v);
  return undefined;
}

/** Numeric values far from their column's median (robust z-score on the median absolute deviation). */
export function outlierRows(columns: readonly Column[], n: number, facts: ReadonlyMap<Column, ColumnFacts> = columnFacts(columns)): Set<number> {
  const rows = new Set<number>();
  if (n < 8) return rows;
  for (const column of columns) {
    if (column.kind !== 'cells') continue;
    const count = facts.get(column)!.numbers;
    if (count < 8 || count < 0.8 * n) continue;
    const sorted = new Float64Array(count);
    let k = 0;
    for (let r = 0; r < n; r++) {
      const v = column.values[r];
      if (typeof v === 'number') sorted[k++] = v;
    }
    sorted.sort();
    const median = middle(sorted);
    const deviations = sorted.map((v) => Math.abs(v - median)).sort();
    const mad = middle(deviations);
    let flagged: { r: number; z: number }[] = [];
    for (let r = 0; r < n; r++) {
      const v = column.values[r];
      if (typeof v !== 'number' || v === median) continue;
      const z = mad > 0 ? (0.6745 * Math.abs(v - median)) / mad : Math.abs(v - median);
      if (mad === 0 || z > OUTLIER_Z) flagged.push({ r, z });
    }
    // With no spread at all, any other value is an outlier, if it is rare.
    if (mad === 0 && flagged.length > Math.max(1, RARE_SHARE * n)) flagged = [];
    // Heavy tails flag many rows: then only the most extreme few carry information.
    if (flagged.length > RARE_COLUMN_SHARE * n) flagged = flagged.sort((a, b) => b.z - a.z || a.r - b.r).slice(0, 3);
    for (const { r } of flagged) rows.add(r);
  }
  return rows;
}

function middle(sorted: Float64Array): number {
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Rare categorical values (a FATAL among INFOs, an unseen user) and rare fields (present or missing in a few rows). */
export function rareRows(columns: readonly Column[], n: number, facts: ReadonlyMap<Column, ColumnFacts> = columnFacts(columns)): Set<number> {
  const rows = new Set<number>();
  if (n < 8) return rows;
  const rare = Math.max(1, Math.floor(RARE_SHARE * n));
  const few = RARE_COLUMN_SHARE * n;
  const mostCategories = maxCategories(n);
  for (const column of columns) {
    if (column.kind === 'const' || column.kind === 'seq') continue;
    const values = column.values;
    const { present, labelled, labels } = facts.get(column)!;
    // Too many distinct values: the column is not categorical.
    const counts = labels !== undefined && labels.size <= mostCategories ? labels : undefined;
    if (present > 0 && present <= few) for (let r = 0; r < n; r++) if (values[r] !== ABSENT) rows.add(r);
    if (present < n && n - present <= few) for (let r = 0; r < n; r++) if (values[r] === ABSENT) rows.add(r);
    if (!counts || counts.size < 2 || labelled < 0.8 * present) continue;
    // Categories are short labels (levels, users, regions); repeated lines of code or prose are not.
    const categories = [...counts.keys()];
    if (categories.reduce((sum: number, v) => sum + String(v).length, 0) > CATEGORY_LENGTH * categories.length) continue;
    const rareValues = new Set(categories.filter((v) => counts.get(v)! <= rare));
    let flagged = 0;
    for (const v of rareValues) flagged += counts.get(v)!;
    if (rareValues.size === 0 || flagged > few) continue;
    for (let r = 0; r < n; r++) if (rareValues.has(values[r] as string | boolean)) rows.add(r);
  }
  return rows;
}

/** A text cell is templated when at least this share of its words are common in its column. */
const TEMPLATED_SHARE = 0.5;
/** ...and stands out when fewer than this share are. */
const UNIQUE_SHARE = 0.25;
const MIN_UNIQUE_WORDS = 3;

/**
 * Free text that stands out from its siblings: in a column where most cells are built from a few
 * templates (`Bump x from 1.2 to 1.3`, `Update dependency y to v4`), a cell whose words are
 * nearly all its own (`Users are logged out randomly after the latest deploy`) is an anomaly.
 */
export function uniqueTextRows(columns: readonly Column[], n: number, facts: ReadonlyMap<Column, ColumnFacts> = columnFacts(columns)): Set<number> {
  const rows = new Set<number>();
  if (n < 8) return rows;
  const common = Math.max(3, RARE_SHARE * n);
  const allowed = Math.max(2, RARE_SHARE * n);
  for (const column of columns) {
    if (column.kind !== 'cells' && column.kind !== 'prefix') continue;
    // Mostly text or not at all: counted first, so other columns skip the word split.
    const texts = facts.get(column)!.spaced;
    if (texts < 0.8 * n) continue;
    const words: (string[] | undefined)[] = [];
    const frequency = new Map<string, number>();
    // Templated columns repeat whole cells: each distinct cell is split once.
    const split = new Map<string, string[]>();
    for (let r = 0; r < n; r++) {
      const v = column.values[r];
      if (typeof v !== 'string' || !v.includes(' ')) {
        words.push(undefined);
        continue;
      }
      let own = split.get(v);
      if (own === undefined) {
        own = [...new Set((v.length > 500 ? v.slice(0, 500) : v).toLowerCase().match(/\p{L}{3,}/gu) ?? [])];
        split.set(v, own);
      }
      words.push(own);
      for (const word of own) frequency.set(word, (frequency.get(word) ?? 0) + 1);
    }
    let templated = 0;
    const standOut: number[] = [];
    for (let r = 0; r < n; r++) {
      const own = words[r];
      if (!own || own.length === 0) continue;
      let shared = 0;
      for (const word of own) if (frequency.get(word)! >= common) shared++;
      const share = shared / own.length;
      if (share >= TEMPLATED_SHARE) templated++;
      else if (share < UNIQUE_SHARE && own.length >= MIN_UNIQUE_WORDS) standOut.push(r);
    }
    // Only where most cells follow templates; a column of free prose has nothing to stand out from.
    if (templated < 0.8 * texts || standOut.length > allowed) continue;
    for (const r of standOut) rows.add(r);
  }
  return rows;
}
