import { isSpace } from './collapse-space.js';

/** A sentence as offsets into the text it was split from. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

// Abbreviations whose period does not end a sentence.
const ABBREVIATIONS = new Set(['e.g', 'i.e', 'etc', 'vs', 'mr', 'mrs', 'ms', 'dr', 'st', 'jr', 'sr', 'no', 'fig', 'cf', 'al', 'approx', 'inc', 'ltd', 'co', 'vol', 'pp', 'ed', 'eq', 'sec', 'ch']);
const BOUNDARY = /[.!?]+["'”’)\]]*(?=\s+["'“‘([]?[\p{Lu}\p{N}])|\n[ \t]*\n/gu;

/**
 * Sentence spans of `text`: a period, `!` or `?` followed by space and a capital or digit ends a
 * sentence unless it closes a known abbreviation or a single initial ("J. Smith"); a blank line
 * always does. A regex scan, linear and fast: the libraries compared (sbd, sentence-splitter,
 * Intl.Segmenter) split a little better on odd prose but were 20 to 80 times slower (see README).
 * The spans cover the text without gaps (whitespace between sentences goes to the next one's start
 * trimmed away), so kept sentences are verbatim slices.
 */
export function splitSentences(text: string): Span[] {
  const spans: Span[] = [];
  let start = skipSpace(text, 0);
  BOUNDARY.lastIndex = 0;
  for (let match = BOUNDARY.exec(text); match !== null; match = BOUNDARY.exec(text)) {
    const end = match.index + match[0].length;
    if (match[0][0] === '.' && match[0].length === 1 && isAbbreviation(text, match.index)) continue;
    const trimmedEnd = match[0].startsWith('\n') ? match.index : end;
    if (trimmedEnd > start) spans.push({ start, end: trimmedEnd });
    start = skipSpace(text, end);
  }
  const last = trimEnd(text, text.length);
  if (last > start) spans.push({ start, end: last });
  return spans;
}

function isAbbreviation(text: string, dot: number): boolean {
  let i = dot;
  while (i > 0 && isLetterOrDot(text.charCodeAt(i - 1))) i--;
  if (dot - i === 1) {
    const c = text.charCodeAt(i);
    if (c >= 65 && c <= 90) return true;
  }
  return ABBREVIATIONS.has(text.slice(i, dot).toLowerCase());
}

/** `[A-Za-z.]`, by code unit: these helpers run per character (a one-character regex test each was most of splitting). */
function isLetterOrDot(c: number): boolean {
  const lower = c | 32;
  return (lower >= 97 && lower <= 122) || c === 46;
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  return i;
}

function trimEnd(text: string, i: number): number {
  while (i > 0 && isSpace(text.charCodeAt(i - 1))) i--;
  return i;
}
