import type { SearchHit, SearchResults } from './search-hit.js';

// `path:12:text` / `path-12-text` (grep -n, rg, git grep), `rev:path:12:text` (git grep REV), `12:text` (one file).
const WITH_REV = /^([^\s:][^:\n]*):([^:\n]+):(\d+):(.*)$/;
// A `-C` context line, `path-12-text`: counted for detection only (its path is resolved when parsing).
const CONTEXT = /^[^\s:]+?-\d+-/;
const PATH_ONLY = /^([^\s:][^:\n]*?\.[A-Za-z0-9_]{1,10}):(.*)$/;
const NOTICE = /^(?:grep|rg|git|fatal|error|warning): |^Binary file .* matches$|^warning: /i;
const SAMPLE = 300;

interface PathLine {
  readonly path: string;
  readonly line: number;
  readonly sep: string;
  readonly content: string;
}

const isDigit = (c: number) => c >= 48 && c <= 57;

/**
 * `path:12:text` or `path:12-text`: the path runs to the first colon (it does not start with a
 * space or a colon), then digits, then `:` or `-`. A scan, not a regex: it is the per-line cost of
 * every search output (and `.` in a regex would refuse a CRLF line's `\r`).
 */
function pathLine(line: string): PathLine | undefined {
  const first = line.charCodeAt(0);
  if (Number.isNaN(first) || first === 58 || first === 32 || first === 9) return undefined;
  const colon = line.indexOf(':');
  if (colon <= 0) return undefined;
  let j = colon + 1;
  while (j < line.length && isDigit(line.charCodeAt(j))) j++;
  if (j === colon + 1 || j >= line.length) return undefined;
  const sep = line[j]!;
  if (sep !== ':' && sep !== '-') return undefined;
  return { path: line.slice(0, colon), line: Number(line.slice(colon + 1, j)), sep, content: line.slice(j + 1) };
}

/** `12:text` / `12-text`, as `grep -n PATTERN FILE` prints it. */
function numberedLine(line: string): PathLine | undefined {
  let j = 0;
  while (j < line.length && isDigit(line.charCodeAt(j))) j++;
  if (j === 0 || j >= line.length) return undefined;
  const sep = line[j]!;
  if (sep !== ':' && sep !== '-') return undefined;
  return { path: '', line: Number(line.slice(0, j)), sep, content: line.slice(j + 1) };
}

/** The share of (sampled) non-empty lines that parse as grep hits: 0..1. */
export function grepShare(input: string): number {
  return grepLines(input, Number.NaN);
}

/**
 * `grepShare(input) >= share`, deciding as soon as the sample cannot end otherwise: a document
 * is told from grep output by its first lines (121 misses of 300 already say `< 0.6`), a grep
 * output by its first 180 hits.
 */
export function grepShareAtLeast(input: string, share: number): boolean {
  return grepLines(input, share) >= share;
}

/**
 * The share of grep lines among the first `SAMPLE` non-empty lines; with a `share` to decide
 * (not NaN), a share on the same side of it as soon as the rest of the sample cannot change the
 * answer. Division rounds monotonically, so the early answers compare as the full count would:
 * at the end `hits / lines >= hits / SAMPLE` and `hits / lines <= (SAMPLE - misses) / SAMPLE`.
 */
function grepLines(input: string, share: number): number {
  let lines = 0;
  let hits = 0;
  let start = 0;
  while (start < input.length && lines < SAMPLE) {
    let end = input.indexOf('\n', start);
    if (end < 0) end = input.length;
    const line = input.slice(start, Math.min(end, start + 4096));
    start = end + 1;
    if (line.length === 0 || line === '--') continue;
    lines++;
    if (pathLine(line) || numberedLine(line) || CONTEXT.test(line) || WITH_REV.test(line)) hits++;
    if (hits / SAMPLE >= share) return 1;
    if ((SAMPLE - (lines - hits)) / SAMPLE < share) return 0;
  }
  return lines === 0 ? 0 : hits / lines;
}

/**
 * Parses `grep -rn`, `grep -rn -C N`, `git grep -n [REV]` and `rg --no-heading -n` output. A
 * context line `path-12-text` is told from a match by the path its group's match carries (paths
 * may contain `-`). Returns undefined when too few lines are hits.
 */
export function parseGrep(input: string): SearchResults | undefined {
  const lines = input.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const hits: SearchHit[] = [];
  const notices: string[] = [];
  let group = 0;
  let unparsed = 0;
  const files = new Set<string>();
  // One pass to parse, then one to resolve: match lines name the paths that context lines must start with.
  const parsed = lines.map((line) => (line === '--' ? undefined : pathLine(line)));
  let numbered = 0;
  let nonEmpty = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.length === 0 || line === '--') continue;
    nonEmpty++;
    if (numberedLine(line)) numbered++;
    const m = parsed[i];
    if (m && m.sep === ':') files.add(m.path);
  }
  // One file searched: every line starts with its number.
  const lineOnly = numbered >= 2 && numbered >= nonEmpty * 0.9;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '--') {
      group++;
      continue;
    }
    const only = lineOnly ? numberedLine(line) : undefined;
    const hit = only ? { file: '', line: only.line, match: only.sep === ':', content: only.content } : parseLine(line, parsed[i], files);
    if (hit) {
      // Fields written out, not spread: a spread copy per line was the parser's main cost.
      hits.push({ file: hit.file, line: hit.line, match: hit.match, content: hit.content, raw: line, order: hits.length, group });
      continue;
    }
    if (line.trim().length === 0) continue;
    if (NOTICE.test(line)) notices.push(line);
    else unparsed++;
  }
  if (hits.length < 2 || unparsed > hits.length / 10) return undefined;
  return { kind: 'grep', hits, notices };
}

function parseLine(line: string, m: PathLine | undefined, files: ReadonlySet<string>): Omit<SearchHit, 'raw' | 'order' | 'group'> | undefined {
  if (m) {
    if (m.sep === ':') return { file: m.path, line: m.line, match: true, content: m.content };
    // `path-12-text` with a colon-free path cannot be told from `path:12-text` here; a known path wins.
    return contextLine(line, files) ?? { file: m.path, line: m.line, match: false, content: m.content };
  }
  const context = contextLine(line, files);
  if (context) return context;
  const r = WITH_REV.exec(line);
  if (r) return { file: `${r[1]}:${r[2]}`, line: Number(r[3]), match: true, content: r[4]! };
  const p = PATH_ONLY.exec(line);
  if (p && files.size === 0 && p[1]!.includes('/')) return { file: p[1]!, line: undefined, match: true, content: p[2]! };
  return undefined;
}

function contextLine(line: string, files: ReadonlySet<string>): Omit<SearchHit, 'raw' | 'order' | 'group'> | undefined {
  let dash = line.indexOf('-');
  while (dash > 0) {
    const file = line.slice(0, dash);
    if (files.has(file)) {
      const rest = /^-(\d+)-/.exec(line.slice(dash));
      if (rest) return { file, line: Number(rest[1]), match: false, content: line.slice(dash + rest[0].length) };
    }
    dash = line.indexOf('-', dash + 1);
  }
  return undefined;
}
