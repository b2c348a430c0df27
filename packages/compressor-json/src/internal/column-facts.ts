import { ABSENT } from './cells.js';
import type { Column } from './table.js';

/**
 * What the row signals and the value notes read of one column of cells, counted in one pass: each
 * used to count for itself (present cells, numbers, spaced strings, labels), several over the
 * same cells.
 */
export interface ColumnFacts {
  /** Cells where the key is present. */
  readonly present: number;
  readonly numbers: number;
  readonly strings: number;
  /** Strings with a space in them (free text, not identifiers). */
  readonly spaced: number;
  /** Characters in all strings. */
  readonly stringLength: number;
  readonly longestString: number;
  /** Strings and booleans. */
  readonly labelled: number;
  /**
   * How often each string and boolean occurs, in first-seen order; undefined past the most any
   * reader lists: `maxCategories(n)`, or `MAX_LISTED_VALUES` while the column is listable.
   */
  readonly labels: ReadonlyMap<string | boolean, number> | undefined;
}

/** Distinct labels a column of `n` rows may have and still be categorical (rare values). */
export function maxCategories(n: number): number {
  return Math.min(20, n / 4);
}

/** A column's values are listed in a note when all are strings of at most this length... */
export const MAX_LISTED_LENGTH = 60;
/** ...and at most this many distinct ones. */
export const MAX_LISTED_VALUES = 12;

/** The facts of each column of cells (`cells` and `prefix`: the others hold no value per row). */
export function columnFacts(columns: readonly Column[]): ReadonlyMap<Column, ColumnFacts> {
  const facts = new Map<Column, ColumnFacts>();
  for (const column of columns) if (column.kind === 'cells' || column.kind === 'prefix') facts.set(column, count(column.values));
  return facts;
}

function count(values: readonly unknown[]): ColumnFacts {
  let present = 0;
  let numbers = 0;
  let strings = 0;
  let spaced = 0;
  let stringLength = 0;
  let longestString = 0;
  let labelled = 0;
  let labels: Map<string | boolean, number> | undefined = new Map();
  const categories = maxCategories(values.length);
  // Labels are counted only as far as a reader can use them (hashing long strings is not free).
  let limit = Math.max(categories, MAX_LISTED_VALUES);
  const unlisted = () => {
    limit = categories;
    if (labels !== undefined && labels.size > limit) labels = undefined;
  };
  for (const v of values) {
    if (v === ABSENT) continue;
    present++;
    if (typeof v === 'number') {
      numbers++;
      if (limit !== categories) unlisted();
      continue;
    }
    if (typeof v === 'string') {
      strings++;
      stringLength += v.length;
      if (v.length > longestString) {
        longestString = v.length;
        if (longestString > MAX_LISTED_LENGTH && limit !== categories) unlisted();
      }
      if (v.includes(' ')) spaced++;
    } else {
      if (limit !== categories) unlisted();
      if (typeof v !== 'boolean') continue;
    }
    labelled++;
    if (labels === undefined) continue;
    labels.set(v, (labels.get(v) ?? 0) + 1);
    if (labels.size > limit) labels = undefined;
  }
  return { present, numbers, strings, spaced, stringLength, longestString, labelled, labels };
}
