import { isSlice } from './cells.js';
import { stringifyJson } from './raw-number.js';
import type { Column } from './table.js';

const STOPWORDS = new Set(
  'the and for are but not you all any can had her was one our out has him his how man new now old see two way who did its let put say she too use that with have this will your from they know want been good much some time very when come here just like long make many more only over such take than them well were what where which while whom why into onto find show list give tell does done using used about after again also because before being below between both each few further most other same should their there these those through under until upon within without would could get got all right now'.split(
    ' ',
  ),
);

/** A term matching more than this share of rows does not pick rows out. */
const TERM_SHARE = 0.1;
/** At most this share of rows (and at least 3) are kept for the query alone. */
const KEEP_SHARE = 0.05;

/** Words of the query worth matching: lowercase, 3+ chars, no stopwords, plural/-ing stripped. */
export function queryTerms(query: string | undefined): string[] {
  if (!query) return [];
  const terms = new Set<string>();
  for (const word of query.toLowerCase().match(/[\p{L}\p{N}][\p{L}\p{N}_./:-]*[\p{L}\p{N}]/gu) ?? []) {
    if (word.length < 3 || STOPWORDS.has(word)) continue;
    terms.add(stem(word));
  }
  return [...terms].filter((t) => t.length >= 3);
}

function stem(word: string): string {
  if (word.length > 5 && word.endsWith('ing')) return word.slice(0, -3);
  if (/(ch|sh|x|ss)es$/.test(word)) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

/** Rows matching the rare query terms, best matches first when there are many. */
export function queryRows(columns: readonly Column[], n: number, terms: readonly string[]): Set<number> {
  if (terms.length === 0 || n === 0) return new Set();
  // Text columns only; nested values are stringified once, not once per term.
  const texts: (readonly unknown[])[] = [];
  for (const column of columns) {
    if (column.kind !== 'cells' && column.kind !== 'prefix') continue;
    if (column.values.some((v) => typeof v === 'object' && v !== null && !isSlice(v))) {
      texts.push(column.values.map((v) => (typeof v === 'object' && v !== null && !isSlice(v) ? stringifyJson(v) : v)));
    } else if (column.values.some((v) => typeof v === 'string')) texts.push(column.values);
  }
  // Every text cell of the table in one string, row after row, each cell followed by \u0000: a
  // term never contains it (nor matches it case-insensitively), so no match spans two cells, and
  // each term is one native search over the table instead of a test per cell.
  let all = '';
  const ends = new Array<number>(n);
  for (let r = 0; r < n; r++) {
    for (const column of texts) {
      const text = column[r];
      if (typeof text === 'string') all += `${text}\u0000`;
    }
    ends[r] = all.length;
  }
  const scores = new Array<number>(n).fill(0);
  const allowed = Math.max(1, TERM_SHARE * n);
  for (const term of terms) {
    const pattern = new RegExp(term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi');
    const hits: number[] = [];
    let row = 0;
    for (let match = pattern.exec(all); match !== null; match = pattern.exec(all)) {
      while (ends[row]! <= match.index) row++;
      hits.push(row);
      // Too common to pick rows out: the term is dropped whatever else it matches.
      if (hits.length > allowed) break;
      // On to the next row: a row counts once.
      pattern.lastIndex = ends[row]!;
    }
    if (hits.length === 0 || hits.length > allowed) continue;
    // Rarer terms weigh more (an IDF in miniature).
    for (const r of hits) scores[r]! += Math.log(1 + n / hits.length);
  }
  const matched = scores.map((score, r) => ({ score, r })).filter((x) => x.score > 0);
  matched.sort((a, b) => b.score - a.score || a.r - b.r);
  return new Set(matched.slice(0, Math.max(3, Math.floor(KEEP_SHARE * n))).map((x) => x.r));
}
