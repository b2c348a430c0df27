import type { CompressContext } from '@headroom/core';
import type { Analysis } from './analyze.js';
import { type JsonSource, sourceOf } from './parse-json.js';
import { holdsRaw, isRawNumber, markHoldsRaw, stringifyJson } from './raw-number.js';
import { formatRanges } from './select-rows.js';
import { setOwn } from './set-own.js';
import { KEYWORD } from './signals.js';
import { isRecord } from './table.js';

/**
 * Long collections of scalars outside tables — a package's version list, its `time` map of
 * version → date, a map of dependency → range — keep their head, their tail and the items that
 * match the query; the rest goes behind one marker whose original is the collection exactly as
 * the input wrote it.
 */

/** Collections with more items than this are thinned. */
export const LONG_COLLECTION = 40;
const HEAD = 6;
const TAIL = 6;
/** Query matches kept at most, per collection. */
const MAX_MATCHES = 20;
/** Key of the entry that stands for a thinned map's omitted entries. */
const MAP_MARKER_KEY = '...';

export interface ThinnedCollections {
  /** Collection → what is written instead (kept items and a marker). */
  readonly replace: ReadonlyMap<object, unknown>;
  /** Objects and arrays with a thinned collection inside: the serializer walks them. */
  readonly descend: ReadonlySet<object>;
}

export function thinCollections(analysis: Analysis, context: CompressContext, terms: readonly string[], source: JsonSource | undefined): ThinnedCollections {
  const replace = new Map<object, unknown>();
  const descend = new Set<object>();
  const path: object[] = [];
  const visit = (node: unknown): void => {
    if (typeof node !== 'object' || node === null || isRawNumber(node) || analysis.tableOf.has(node)) return;
    const replacement = thin(node, context, terms, source);
    if (replacement !== undefined) {
      replace.set(node, replacement);
      for (const ancestor of path) descend.add(ancestor);
      return;
    }
    path.push(node);
    if (Array.isArray(node)) for (const item of node) visit(item);
    else for (const key in node) visit((node as Record<string, unknown>)[key]);
    path.pop();
  };
  visit(analysis.value);
  return { replace, descend };
}

function isScalar(value: unknown): boolean {
  return typeof value !== 'object' || value === null || isRawNumber(value);
}

function kindOf(value: unknown): string {
  return isRawNumber(value) ? 'number' : value === null ? 'null' : typeof value;
}

function matches(value: unknown, terms: readonly string[]): boolean {
  if (terms.length === 0) return false;
  const text = (typeof value === 'string' ? value : stringifyJson(value)).toLowerCase();
  return terms.some((term) => text.includes(term));
}

/** Problems a command reports (`npm ls`: "missing: x, required by y"): never only behind a marker. */
const PROBLEM = /\b(missing|invalid|unmet|extraneous|deprecated|warn(ing)?|conflict(ing)?|vulnerab\w*)\b/i;

function isProblem(value: unknown): boolean {
  return typeof value === 'string' && (KEYWORD.test(value) || PROBLEM.test(value));
}

/** Which of `n` items stay: problems, head, tail, and query matches (at most MAX_MATCHES). */
function keptItems(n: number, matchAt: (i: number) => boolean, problemAt: (i: number) => boolean): number[] {
  const keep = new Set<number>();
  for (let i = 0; i < n; i++) if (problemAt(i)) keep.add(i);
  for (let i = 0; i < Math.min(HEAD, n); i++) keep.add(i);
  for (let i = Math.max(0, n - TAIL); i < n; i++) keep.add(i);
  let found = 0;
  for (let i = HEAD; i < n - TAIL && found < MAX_MATCHES; i++) {
    if (matchAt(i)) {
      keep.add(i);
      found++;
    }
  }
  return [...keep].sort((a, b) => a - b);
}

/** Whether `node` has more than `limit` keys, without listing them. */
function hasMoreKeys(node: object, limit: number): boolean {
  let count = 0;
  for (const _ in node) if (++count > limit) return true;
  return false;
}

function thin(node: object, context: CompressContext, terms: readonly string[], source: JsonSource | undefined): unknown {
  const isArray = Array.isArray(node);
  // Nearly every object is short: counted (up to the limit) before its keys are listed.
  if (isArray ? (node as unknown[]).length <= LONG_COLLECTION : !isRecord(node) || !hasMoreKeys(node, LONG_COLLECTION)) return undefined;
  const keys = isArray ? undefined : Object.keys(node);
  const n = isArray ? (node as unknown[]).length : keys!.length;
  const valueAt = (i: number): unknown => (isArray ? (node as unknown[])[i] : (node as Record<string, unknown>)[keys![i]!]);
  // A map is keyed by data (versions, package names, paths) when its values are alike: all
  // strings or all numbers. A config or an API object mixes kinds and keeps every key.
  const kind = isArray ? undefined : kindOf(valueAt(0));
  for (let i = 0; i < n; i++) {
    const value = valueAt(i);
    if (!isScalar(value) || (kind !== undefined && kindOf(value) !== kind)) return undefined;
  }
  const keep = keptItems(
    n,
    (i) => matches(valueAt(i), terms) || (keys !== undefined && matches(keys[i], terms)),
    (i) => isProblem(valueAt(i)),
  );
  // Mostly problems (an error list): nothing worth hiding.
  if (keep.length > n / 2) return undefined;
  const kept = new Set(keep);
  const omitted: number[] = [];
  for (let i = 0; i < n; i++) if (!kept.has(i)) omitted.push(i);
  const what = isArray ? 'items' : 'entries';
  const marker = context.offload(sourceOf(source, node) ?? stringifyJson(node), {
    summary: `${omitted.length} of ${n} ${what} omitted (${what} ${formatRanges(omitted)}; the original is the whole ${isArray ? 'array' : 'object'})`,
    kind: what,
  });
  // The marker stands where the first omitted item was.
  const firstGap = omitted[0]!;
  let out: unknown[] | Record<string, unknown>;
  let placed = false;
  if (isArray) {
    const list: unknown[] = [];
    for (const i of keep) {
      if (!placed && i > firstGap) {
        list.push(marker);
        placed = true;
      }
      list.push(valueAt(i));
    }
    if (!placed) list.push(marker);
    out = list;
  } else {
    const map: Record<string, unknown> = {};
    let markerKey = MAP_MARKER_KEY;
    while (Object.hasOwn(node, markerKey)) markerKey += '.';
    for (const i of keep) {
      if (!placed && i > firstGap) {
        setOwn(map, markerKey, marker);
        placed = true;
      }
      setOwn(map, keys![i]!, valueAt(i));
    }
    if (!placed) setOwn(map, markerKey, marker);
    out = map;
  }
  if (holdsRaw(node)) markHoldsRaw(out);
  return out;
}
