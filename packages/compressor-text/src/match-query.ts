import { head } from './internal/lines.js';

const STOPWORDS = new Set(
  'the and for are but not you all any can had her was one our out day get has him his how new now old see two way who did its let put say she too use what when where which while with why from that this there these those then than them they will would should could into about after before over under again show find give tell does done been being have were your more most some such only same other each very just also file files output command run ran list please check look why'.split(
    ' ',
  ),
);
const SPLIT = /[^\p{L}\p{N}_.\-/@]+/u;
const SUFFIXES = ['ational', 'ations', 'ation', 'ings', 'ing', 'ions', 'ion', 'ures', 'ure', 'ments', 'ment', 'ness', 'ers', 'er', 'ies', 'ied', 'ed', 'es', 'ly', 's'];
const MAX_TERMS = 16;

/**
 * Crude English stem, enough to match a word's inflections by prefix: "failures", "failing",
 * "failed" → "fail"; "directories" → "director"; "installed" → "install".
 */
export function stem(word: string): string {
  let w = word.toLowerCase();
  for (const suffix of SUFFIXES) {
    if (w.endsWith(suffix) && w.length - suffix.length >= 3) {
      w = w.slice(0, -suffix.length);
      break;
    }
  }
  if (w.length > 3 && /[ey]$/.test(w)) w = w.slice(0, -1);
  if (w.length > 3 && /([b-df-hj-np-tv-z])\1$/.test(w)) w = w.slice(0, -1);
  return w;
}

export interface QueryMatcher {
  /** The selective terms: what a line must contain (as a word prefix of a stem, or literally) to match. */
  readonly terms: readonly string[];
  /** Per line: 1 when it matches a selective term. */
  readonly matches: Uint8Array;
  readonly count: number;
}

/**
 * Which lines match the query. Plain words match by stem at a word start ("failure" finds
 * "failed", "FAILING"); terms with digits, dots, slashes or underscores match literally. A term
 * found on more than `maxLines` lines, or on more than half the lines of an output of 20 lines or
 * more, is not selective (it is the output's own vocabulary, like "test" in a test run) and is ignored.
 *
 * `text`, when given, is what `lines` were split from (`text.split('\n')`): each term is then
 * searched for in the whole text (its pattern without the word-start condition, one scan), and
 * only the lines it occurs on are tested with the term's pattern, instead of every line.
 */
export function matchQuery(query: string | undefined, lines: readonly string[], maxLines: number, text?: string): QueryMatcher {
  const matches = new Uint8Array(lines.length);
  const terms: string[] = [];
  let count = 0;
  const limit = lines.length >= 20 ? Math.min(maxLines, Math.floor(lines.length / 2)) : maxLines;
  let starts: Int32Array | undefined;
  for (const pattern of queryPatterns(query)) {
    const hits: number[] = [];
    const test = (i: number) => {
      const line = lines[i]!;
      pattern.regex.lastIndex = 0;
      return pattern.regex.test(line.length > 1_000_000 ? head(line) : line);
    };
    if (text !== undefined) {
      starts ??= lineStarts(lines);
      // A term never spans a newline, so each occurrence lies in one line: that line is tested.
      const find = new RegExp(pattern.find, 'gi');
      let line = 0;
      for (let found = find.exec(text); found && hits.length <= limit; found = find.exec(text)) {
        while (line + 1 < starts.length && starts[line + 1]! <= found.index) line++;
        if (test(line)) hits.push(line);
        if (line + 1 >= starts.length) break;
        find.lastIndex = starts[line + 1]!;
      }
    } else {
      for (let i = 0; i < lines.length && hits.length <= limit; i++) if (test(i)) hits.push(i);
    }
    if (hits.length === 0 || hits.length > limit) continue;
    terms.push(pattern.term);
    for (const i of hits) {
      if (!matches[i]) count++;
      matches[i] = 1;
    }
  }
  return { terms, matches, count };
}

/** Where each line starts in the text it was split from. */
function lineStarts(lines: readonly string[]): Int32Array {
  const starts = new Int32Array(lines.length);
  let at = 0;
  for (let i = 0; i < lines.length; i++) {
    starts[i] = at;
    at += lines[i]!.length + 1;
  }
  return starts;
}

interface QueryPattern {
  readonly term: string;
  readonly regex: RegExp;
  /** The term alone (no word-start condition), as a pattern source to search a whole text with, case-insensitively. */
  readonly find: string;
}

/** The query's words as patterns (exported for tests and for the bench's independent check). */
export function queryPatterns(query: string | undefined): QueryPattern[] {
  if (!query) return [];
  const out: QueryPattern[] = [];
  const seen = new Set<string>();
  for (const piece of query.toLowerCase().split(SPLIT)) {
    const word = piece.replace(/^[.\-/@]+|[.\-/@]+$/g, '');
    if (word.length < 3 || STOPWORDS.has(word)) continue;
    const literal = /[^a-z]/.test(word);
    const term = literal ? word : stem(word);
    if (seen.has(term)) continue;
    seen.add(term);
    const escaped = term.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
    out.push({ term, regex: literal ? new RegExp(escaped, 'i') : new RegExp(`(?<![a-z])${escaped}`, 'i'), find: escaped });
    if (out.length === MAX_TERMS) break;
  }
  return out;
}
