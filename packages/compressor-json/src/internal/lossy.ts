import type { CompressContext } from '@headroom/core';
import type { Analysis } from './analyze.js';
import { thinCollections } from './collections.js';
import { type Cell, isSlice } from './cells.js';
import { type JsonSource, literalOf, sourceOf, sourceOfRun } from './parse-json.js';
import { hasLongString } from './long-string.js';
import { holdsRaw, isRawNumber, markHoldsRaw, stringifyJson } from './raw-number.js';
import { render, type TableView } from './render.js';
import { setOwn } from './set-own.js';
import { formatRanges, type Selection, selectRows } from './select-rows.js';
import type { Table } from './table.js';

export interface LossySettings {
  readonly minRowsToDrop: number;
  readonly maxStringLength: number;
  readonly stringHead: number;
  readonly errorStringLength: number;
  /** Above 1: this many times the selected rows stay visible (the first omitted ones join them). */
  readonly keepFactor?: number;
}

/**
 * The lossy stage over an analysed value: tables keep their signal rows (the rest go behind one
 * marker per table) and long strings are cut behind a marker. Nothing else is dropped: objects
 * that are not tables keep every key.
 */
export function renderLossy(
  analysis: Analysis,
  context: CompressContext,
  terms: readonly string[],
  settings: LossySettings,
  source?: JsonSource,
): { text: string; dropped: boolean } {
  const views = new Map<Table, TableView>();
  const selections = new Map<Table, Selection>();
  for (const table of analysis.tables) {
    const n = table.rows.length;
    if (n < settings.minRowsToDrop) continue;
    const selection = keepMore(selectRows(table, terms), n, settings.keepFactor ?? 1);
    selections.set(table, selection);
    if (selection.keep.length >= n) continue;
    const shown = new Set(selection.keep);
    const omitted = table.rows.map((_, r) => r).filter((r) => !shown.has(r));
    // The original is the omitted rows as the input wrote them (numbers, escapes, spacing), as a JSON array.
    // A keyed map's rows go back as its entries: `{"key": row, ...}`, keys as the input wrote them.
    const rowText = (r: number) => sourceOf(source, table.rows[r]!) ?? stringifyJson(table.rows[r]);
    const original = table.keys
      ? `{${omitted.map((r) => `${literalOf(source, table.keys![r]!)}:${rowText(r)}`).join(',')}}`
      : `[${runsOf(omitted, table.arrayStarts)
          .map(([a, b]) => sourceOfRun(source, table.rows, a, b) ?? rowsText(a, b, rowText))
          .join(',')}]`;
    const marker = context.offload(original, {
      summary: `${omitted.length} of ${n} ${table.name === 'rows' ? 'rows' : `rows of ${table.name}`} omitted (rows ${formatRanges(omitted)})`,
      kind: 'rows',
    });
    views.set(table, { keep: selection.keep, marker, notes: selection.notes });
  }
  const truncate = (value: Cell, limit: number): Cell => {
    if (typeof value === 'string') return value.length > limit ? cut(value, limit, context) : value;
    if (typeof value !== 'object' || value === null || isSlice(value) || isRawNumber(value)) return value;
    // Nearly every nested value has no long string: it is written as it is, not copied.
    if (!hasLongString(value, limit)) return value;
    let out: unknown[] | Record<string, unknown>;
    if (Array.isArray(value)) out = value.map((v) => truncate(v, limit));
    else {
      out = {};
      for (const key of Object.keys(value)) {
        setOwn(out, key, truncate((value as Record<string, unknown>)[key], limit));
      }
    }
    if (holdsRaw(value)) markHoldsRaw(out);
    return out;
  };
  const collections = thinCollections(analysis, context, terms, source);
  const text = render(analysis, {
    views,
    replace: collections.replace,
    descend: collections.descend,
    fullValues: true,
    unchangedUpTo: settings.maxStringLength,
    mapValue: (value, table, row) => {
      const isError = table !== undefined && row !== undefined && selections.get(table)?.errors.has(row) === true;
      return truncate(value, isError ? settings.errorStringLength : settings.maxStringLength);
    },
  });
  return { text, dropped: views.size > 0 || collections.replace.size > 0 };
  function cut(text: string, limit: number, ctx: CompressContext): string {
    let head = limit === settings.maxStringLength ? Math.min(settings.stringHead, limit) : Math.floor(limit / 2);
    const last = text.charCodeAt(head - 1);
    if (last >= 0xd800 && last <= 0xdbff) head--;
    // The original is the string literal as the input wrote it (quotes and escapes included).
    const marker = ctx.offload(literalOf(source, text), { summary: `${text.length - head} of ${text.length} chars omitted`, kind: 'string' });
    return `${text.slice(0, head)}...${marker}`;
  }
}

/** Rows a..b (a run: every one omitted), each as written, comma-separated. */
function rowsText(a: number, b: number, rowText: (r: number) => string): string {
  let text = rowText(a);
  for (let r = a + 1; r <= b; r++) text += `,${rowText(r)}`;
  return text;
}

/**
 * Ascending row indexes as runs of consecutive ones: [[1, 66], [68, 98]]. A run also ends before a
 * row that begins another source array (`Table.arrayStarts`): each run must be one slice of one array.
 */
function runsOf(rows: readonly number[], arrayStarts: readonly number[] = []): [number, number][] {
  const starts = new Set(arrayStarts);
  const runs: [number, number][] = [];
  for (const r of rows) {
    const last = runs[runs.length - 1];
    if (last && last[1] === r - 1 && !starts.has(r)) last[1] = r;
    else runs.push([r, r]);
  }
  return runs;
}

/** The selection with the first `(factor - 1) × kept` omitted rows added, in row order. */
function keepMore(selection: Selection, n: number, factor: number): Selection {
  if (!(factor > 1)) return selection;
  const extra = Math.ceil((factor - 1) * selection.keep.length);
  const kept = new Set(selection.keep);
  for (let r = 0, added = 0; r < n && added < extra; r++) {
    if (kept.has(r)) continue;
    kept.add(r);
    added++;
  }
  return { ...selection, keep: [...kept].sort((a, b) => a - b) };
}
