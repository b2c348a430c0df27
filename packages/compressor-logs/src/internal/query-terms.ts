const STOPWORDS = new Set(
  'the and for are but not you all any can had her was one our out day get has him his how man new now old see two way who boy did its let put say she too use what when where which while with why from that this there these those then than them they will would should could into about after before over under again log logs line lines show find give tell does done been being have were your more most some such only same other each very just also'.split(' '),
);
const SPLIT = /[^\p{L}\p{N}_.\-/:@]+/u;
const MAX_TERMS = 16;

/**
 * The words of a query worth looking for in log lines, lower-cased: three characters or more,
 * stopwords dropped, trailing punctuation trimmed, at most 16 (the first ones).
 */
export function queryTerms(query: string | undefined): string[] {
  if (!query) return [];
  const terms: string[] = [];
  for (const piece of query.toLowerCase().split(SPLIT)) {
    const term = trimEdgePunctuation(piece);
    if (term.length < 3 || STOPWORDS.has(term) || terms.includes(term)) continue;
    terms.push(term);
    if (terms.length === MAX_TERMS) break;
  }
  return terms;
}

const EDGE = new Set(['.', '-', '/', ':', '@']);

/**
 * `piece` without the `.-/:@` it starts or ends with. A scan, not `/[.\-/:@]+$/`: that regex
 * restarts at every character of a long run inside a word, O(n²) on `a.....b`.
 */
function trimEdgePunctuation(piece: string): string {
  let start = 0;
  let end = piece.length;
  while (start < end && EDGE.has(piece[start]!)) start++;
  while (end > start && EDGE.has(piece[end - 1]!)) end--;
  return start === 0 && end === piece.length ? piece : piece.slice(start, end);
}
