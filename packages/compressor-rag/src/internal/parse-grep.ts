import type { SearchHit, SearchResults } from './search-hit.js';

// `path:12:text` / `path-12-text` (grep -n, rg, git grep), `rev:path:12:text` (git grep REV), `12:text` (one file).
const WITH_PATH = /^([^\s:][^:\n]*?):(\d+)([:-])(.*)$/;
const WITH_REV = /^([^\s:][^:\n]*):([^:\n]+):(\d+):(.*)$/;
// A `-C` context line, `path-12-text`: counted for detection only (its path is resolved when parsing).
const CONTEXT = /^[^\s:]+?-\d+-/;
// `grep -n PATTERN FILE` prints no path: `12:text` / `12-text`.
const LINE_ONLY = /^(\d+)([:-])(.*)$/;
const PATH_ONLY = /^([^\s:][^:\n]*?\.[A-Za-z0-9_]{1,10}):(.*)$/;
const NOTICE = /^(?:grep|rg|git|fatal|error|warning): |^Binary file .* matches$|^warning: /i;
const SAMPLE = 300;

/** The share of (sampled) non-empty lines that parse as grep hits: 0..1. */
export function grepShare(input: string): number {
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
    if (WITH_PATH.test(line) || WITH_REV.test(line) || CONTEXT.test(line) || LINE_ONLY.test(line)) hits++;
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
  let numbered = 0;
  for (const line of lines) if (LINE_ONLY.test(line)) numbered++;
  // One file searched: every line starts with its number.
  const lineOnly = numbered >= 2 && numbered >= lines.filter((l) => l.length > 0 && l !== '--').length * 0.9;
  // Match lines first: they name the paths that context lines must start with.
  for (const line of lines) {
    const m = WITH_PATH.exec(line);
    if (m && m[3] === ':') files.add(m[1]!);
  }
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '--') {
      group++;
      continue;
    }
    const only = lineOnly ? LINE_ONLY.exec(line) : null;
    const hit = only ? { file: '', line: Number(only[1]), match: only[2] === ':', content: only[3]! } : parseLine(line, files);
    if (hit) {
      hits.push({ ...hit, raw: line, order: hits.length, group });
      continue;
    }
    if (line.trim().length === 0) continue;
    if (NOTICE.test(line)) notices.push(line);
    else unparsed++;
  }
  if (hits.length < 2 || unparsed > hits.length / 10) return undefined;
  return { kind: 'grep', hits, notices };
}

function parseLine(line: string, files: ReadonlySet<string>): Omit<SearchHit, 'raw' | 'order' | 'group'> | undefined {
  const m = WITH_PATH.exec(line);
  if (m) {
    if (m[3] === ':') return { file: m[1]!, line: Number(m[2]), match: true, content: m[4]! };
    // `path-12-text`: the lazy path may have stopped at a `-` inside the path; find the known path.
    return contextLine(line, files) ?? { file: m[1]!, line: Number(m[2]), match: false, content: m[4]! };
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
