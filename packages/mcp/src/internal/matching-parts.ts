/** Lines longer than this show windows around each match instead of the whole line. */
const LONG_LINE = 1000;
/** Characters shown either side of a match inside a long line. */
const WINDOW = 160;

export interface MatchingParts {
  /** `grep -n` style: `LINE:text`, or `LINE:COL:…window…` inside a long line. */
  readonly text: string;
  readonly matchedLines: number;
  readonly totalLines: number;
}

/**
 * The parts of `original` that match `query`: every line containing the whole query or any of its
 * terms (case-insensitive), with its 1-based line number. Deterministic, and nothing in a shown
 * part is altered: a part is an exact slice of the original.
 */
export function matchingParts(original: string, query: string): MatchingParts {
  const needles = needlesOf(query);
  const lines = original.split('\n');
  const parts: string[] = [];
  let matchedLines = 0;
  for (const [index, rawLine] of lines.entries()) {
    const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    const lower = line.toLowerCase();
    const hits = hitsIn(lower, needles);
    if (hits.length === 0) continue;
    matchedLines++;
    if (line.length <= LONG_LINE) {
      parts.push(`${index + 1}:${line}`);
      continue;
    }
    for (const [start, end] of windows(hits, line.length)) {
      parts.push(`${index + 1}:${start + 1}:${start > 0 ? '…' : ''}${line.slice(start, end)}${end < line.length ? '…' : ''}`);
    }
  }
  return { text: parts.join('\n'), matchedLines, totalLines: lines.length };
}

/** The whole query first, then its terms of 2+ characters (all terms when every one is shorter). */
function needlesOf(query: string): string[] {
  const whole = query.trim().toLowerCase();
  const terms = whole.split(/[^\p{L}\p{N}_.\-/:@]+/u).filter((t) => t.length > 0);
  const long = terms.filter((t) => t.length >= 2);
  return [...new Set([whole, ...(long.length > 0 ? long : terms)])].filter((n) => n.length > 0);
}

/** Start offsets and lengths of every occurrence of every needle. */
function hitsIn(lower: string, needles: readonly string[]): Array<[number, number]> {
  const hits: Array<[number, number]> = [];
  for (const needle of needles) {
    for (let at = lower.indexOf(needle); at !== -1; at = lower.indexOf(needle, at + needle.length)) hits.push([at, needle.length]);
  }
  return hits.sort((a, b) => a[0] - b[0]);
}

/** Windows around the hits of a long line, merged where they overlap. */
function windows(hits: ReadonlyArray<[number, number]>, length: number): Array<[number, number]> {
  const merged: Array<[number, number]> = [];
  for (const [at, size] of hits) {
    const start = Math.max(0, at - WINDOW);
    const end = Math.min(length, at + size + WINDOW);
    const last = merged[merged.length - 1];
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged;
}
