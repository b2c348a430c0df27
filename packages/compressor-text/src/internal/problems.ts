import { bare } from './lines.js';

/**
 * What a problem line says and where: two lines with the same `key` report the same problem
 * (`error TS2307: Cannot find module 'x'.` at two places, `UNMET DEPENDENCY x@^1` under two
 * packages); `file` and `at` are where this one is.
 */
export interface Problem {
  readonly key: string;
  /** The file (or package) the problem is in, as printed; undefined when the line names none. */
  readonly file: string | undefined;
  /** Line (and column) in that file, as printed: `56,17`, `12:5`. */
  readonly at: string | undefined;
}

// Where compilers and linters put the location: `a.ts(3,5): `, `a.ts:3:5 - ` (tsc --pretty), `a.c:3:5: ` (gcc, clang, eslint -f unix, mypy, ruff).
const TSC_LOCATION = /^(\S[^()]*?)\((\d+),(\d+)\): /;
const PRETTY_LOCATION = /^(\S[^:]*?):(\d+):(\d+) - /;
const COLON_LOCATION = /^(\S[^:\s]*?):(\d+)(?::(\d+))?:\s/;
// eslint's stylish format: `  12:5  error  'x' is defined but never used  no-unused-vars` (the file is on a header line above).
const STYLISH_LOCATION = /^\s+(\d+):(\d+)\s+(?=error|warning)/;
// npm ls draws a tree; `npm error missing: x@^1, required by y@2` and `UNMET DEPENDENCY x@^1` report the same missing package.
const TREE_PREFIX = /^[│|├└┬─`+\s]+/;
const UNMET = /\bUNMET (?:(OPTIONAL|PEER) )?DEPENDENCY (\S+)/;
const NPM_MISSING = /^npm (?:error|ERR!) missing: ([^,\s]+),? (?:required by (\S+))?/;
const NPM_INVALID = /^npm (?:error|ERR!) invalid: (\S+)(?: (\S+))?/;
const TREE_INVALID = /^(\S+?)(?: deduped)? invalid: /;

/** The identity of a problem line: its message without where it was printed. */
export function problemOf(line: string): Problem {
  return problemOfText(bare(line));
}

/** `problemOf` for a line already made `bare` (bounded, without escape codes and `\r`). */
function problemOfText(text: string): Problem {
  // npm's patterns are tried only on lines that can hold them (a cheap substring test first).
  let m = text.includes('UNMET') ? UNMET.exec(text) : null;
  if (m) return { key: `unmet ${m[1] ? `${m[1].toLowerCase()} ` : ''}${m[2]}`, file: undefined, at: undefined };
  if (text.startsWith('npm ')) {
    m = NPM_MISSING.exec(text);
    if (m) return { key: `unmet ${m[1]}`, file: m[2], at: undefined };
    m = NPM_INVALID.exec(text);
    if (m) return { key: `invalid ${m[1]}`, file: m[2], at: undefined };
  }
  const untreed = text.replace(TREE_PREFIX, '');
  m = untreed !== text && untreed.includes(' invalid: ') ? TREE_INVALID.exec(untreed) : null;
  if (m) return { key: `invalid ${m[1]}`, file: undefined, at: undefined };
  m = TSC_LOCATION.exec(text) ?? PRETTY_LOCATION.exec(text);
  if (m) return { key: text.slice(m[0].length).trim(), file: m[1], at: `${m[2]},${m[3]}` };
  m = COLON_LOCATION.exec(text);
  if (m) return { key: text.slice(m[0].length).trim(), file: m[1], at: m[3] ? `${m[2]}:${m[3]}` : m[2] };
  m = STYLISH_LOCATION.exec(text);
  if (m) return { key: text.slice(m[0].length).trim(), file: undefined, at: `${m[1]}:${m[2]}` };
  return { key: untreed.trim(), file: undefined, at: undefined };
}

/** The short name of a problem kind for a marker: its code when it has one (`TS7006`, `E0308`), else its first words. */
export function problemLabel(key: string): string {
  const code = /\b(?:TS\d{4,5}|E\d{4}|[A-Z]{1,3}\d{3,4})\b|\s([a-z]+(?:-[a-z]+)+)$|^(unmet(?: optional| peer)?|invalid) /.exec(key);
  if (code) return (code[1] ?? code[2] ?? code[0]).trim();
  return key.split(/\s+/).slice(0, 4).join(' ').slice(0, 40);
}

/**
 * Marks, among the problem lines `indexes` (in order), those that repeat a problem already
 * reported earlier: the first line of each distinct problem stays visible, its repeats may go
 * behind markers that count them and say where they were.
 */
export function markRepeats(lines: readonly string[], indexes: Iterable<number>, texts?: readonly (string | undefined)[]): { repeat: Uint8Array; problems: readonly (Problem | undefined)[] } {
  const repeat = new Uint8Array(lines.length);
  // By line index (set at `indexes`): an array, not a map — thousands of problem lines in an npm ls.
  const problems: (Problem | undefined)[] = new Array(lines.length);
  // The result is built before the loop: V8 compiles this function on-stack while the loop runs,
  // and a return literal that never ran has no type feedback, so every call deoptimized at the
  // return and ran its next loop unoptimized again (32 deopts in 16 compressions of an npm ls).
  const result = { repeat, problems };
  const seen = new Set<string>();
  for (const i of indexes) {
    const text = texts?.[i];
    const problem = text !== undefined ? problemOfText(text) : problemOf(lines[i]!);
    problems[i] = problem;
    if (seen.has(problem.key)) repeat[i] = 1;
    else seen.add(problem.key);
  }
  return result;
}

/** Marker summaries are bounded (160 characters in core): what matters most comes first. */
const LINE_NUMBERS_CHARS = 60;

/**
 * "12 repeats of problems shown in src/a.js (8 TS7006, 4 TS2532), 20 lines of their context,
 * lines 56,100,…": how many, where (the file first: markers of a test run are cut at file
 * boundaries, so each names its one file), of which kinds, and the line numbers while they fit.
 * `labels` remembers each key's `problemLabel` (repeats share their keys: that is what makes them
 * repeats); a selection passes one map to all its markers.
 */
export function describeRepeats(problems: readonly Problem[], extra = '', labels: Map<string, string> = new Map()): string {
  const kinds = new Map<string, number>();
  // Files in order of appearance, with a set for membership (a tsc run names hundreds).
  const files: string[] = [];
  const named = new Set<string>();
  for (const problem of problems) {
    let label = labels.get(problem.key);
    if (label === undefined) {
      label = problemLabel(problem.key);
      labels.set(problem.key, label);
    }
    kinds.set(label, (kinds.get(label) ?? 0) + 1);
    const file = problem.file;
    if (file !== undefined && !named.has(file)) {
      named.add(file);
      files.push(file);
    }
  }
  const kindText = [...kinds]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, 3)
    .map(([label, n]) => `${n} ${label}`)
    .join(', ');
  const more = kinds.size > 3 ? ` +${kinds.size - 3} kinds` : '';
  const where = files.length === 0 ? '' : files.length === 1 ? ` in ${files[0]}` : ` in ${files.length} files: ${files.slice(0, 3).join(', ')}${files.length > 3 ? ', …' : ''}`;
  let lines = '';
  // Line numbers only when the marker names at most one file; distinct ones in order while they fit.
  if (files.length <= 1) {
    const unique = new Set<string>();
    let text = '';
    for (const problem of problems) {
      if (problem.at === undefined) continue;
      const n = problem.at.replace(/[,:]\d+$/, '');
      if (unique.has(n)) continue;
      unique.add(n);
      if (text.length + n.length + 1 > LINE_NUMBERS_CHARS) {
        text += ',…';
        break;
      }
      text += text ? `,${n}` : n;
    }
    if (unique.size > 0) lines = `, at ${text}`;
  }
  return `${problems.length} ${problems.length === 1 ? 'repeat' : 'repeats'} of problems shown${where} (${kindText}${more})${extra}${lines}`;
}
