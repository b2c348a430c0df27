import { visibleText } from '../measure.js';
import type { CommandFamily } from './text-corpus.js';

/**
 * Lines that must stay visible, judged independently of the compressor: failures, errors,
 * warnings and summary lines of test and build runs, table headers, tool error messages.
 */
const SIGNALS: Record<CommandFamily, readonly RegExp[]> = {
  'test-build': [
    / \.\.\. (?:FAIL|ERROR)$/,
    /^(?:FAIL|ERROR): /,
    /^Ran \d+ tests? in /,
    /^(?:OK|FAILED)\b/,
    /^=+ .* in [\d.]+s(?: \(.*\))? =+$/,
    /^FAILED \S/,
    /^E {3}/,
    /^\w*(?:Error|Exception): /,
    /error TS\d+/,
    /^Found \d+ errors?/,
    /^[EW]: /,
    /^\d+ upgraded, \d+ newly installed/,
  ],
  table: [],
  listing: [/^(?:find|ls|du|dpkg|tree): /, /^npm (?:ERR!|error|warn) /i, /\bUNMET (?:OPTIONAL |PEER )?DEPENDENCY\b/, / invalid: /, / extraneous$/],
  vcs: [/^(?:fatal|error|warning): /],
  records: [/^[EW]: /, /^(?:N|E|W): Unable/],
  other: [/^[EW]: /, /^WARNING: /],
};

const STOPWORDS = new Set('which what when where why who how does did any the and for are was were is installed there this that from with into most'.split(' '));

/** Words of the query a reader would search for, each as a case-insensitive word-start prefix. */
function queryPrefixes(query: string): RegExp[] {
  const out: RegExp[] = [];
  for (const raw of query.toLowerCase().split(/[^a-z0-9_./-]+/)) {
    const word = raw.replace(/^[./-]+|[./-]+$/g, '');
    if (word.length < 4 || STOPWORDS.has(word)) continue;
    const literal = /[^a-z]/.test(word);
    // Inflections: a plural, past or -ing form of the word also counts ("failures" finds "failure").
    const base = word.replace(/(?:ings?|ed|es|s|ions?|ers?|ly|ures?)$/, '');
    const prefix = literal ? word : base.length >= 4 ? base : word.slice(0, 4);
    const escaped = prefix.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
    out.push(new RegExp(literal ? escaped : `(?<![a-z])${escaped}`, 'i'));
  }
  return out;
}

/** A query word found on more lines than this (or on more than half of 20 or more lines) is the output's own vocabulary, not a question about a few lines (the compressor's rule too). */
export const SELECTIVE_LINES = 50;

export interface MustSee {
  readonly signal: readonly string[];
  readonly query: readonly string[];
}

export function mustSee(text: string, family: CommandFamily, query: string): MustSee {
  const lines = text.split('\n').map((line) => line.replace(/\r$/, ''));
  // Colored output (tsc --pretty) is judged without its escape codes; the line must still be visible as printed.
  const bare = (line: string) => line.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');
  const signal = lines.filter((line) => line.trim() !== '' && SIGNALS[family].some((pattern) => pattern.test(bare(line))));
  if (family === 'table') {
    const first = lines.findIndex((line) => line.trim() !== '');
    const dpkg = lines[first]?.startsWith('Desired=');
    signal.push(...lines.slice(first, first + (dpkg ? 5 : 1)));
  }
  const queryLines = new Set<string>();
  const limit = lines.length >= 20 ? Math.min(SELECTIVE_LINES, Math.floor(lines.length / 2)) : SELECTIVE_LINES;
  for (const pattern of queryPrefixes(query)) {
    const hits = lines.filter((line) => pattern.test(line));
    if (hits.length <= limit) for (const hit of hits) queryLines.add(hit);
  }
  return { signal: [...new Set(signal)], query: [...queryLines].filter((line) => line.trim() !== '') };
}

const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g;
// Where a compiler or linter printed a problem: `a.ts(3,5): `, `a.ts:3:5 - `, `a.c:3:5: `.
const LOCATION = /^(\S[^():]*?)(?:\(\d+,\d+\): |:\d+:\d+ - |:\d+(?::\d+)?: )/;

/**
 * What a problem line says without where it was printed (the bench's own reading, not the
 * compressor's): the message after a compiler's location, and npm's missing or invalid package
 * (`UNMET DEPENDENCY x@^1` and `npm error missing: x@^1, required by y` are the same problem).
 */
export function problemMessage(line: string): { message: string; file?: string } {
  const bare = line.replace(ANSI, '').replace(/\r$/, '');
  const npm = /\bUNMET (?:OPTIONAL |PEER )?DEPENDENCY (\S+)|^npm (?:error|ERR!) missing: ([^,\s]+)/.exec(bare);
  if (npm) return { message: `missing ${npm[1] ?? npm[2]}` };
  const invalid = /^[│├└┬─\s]*(\S+?)(?: deduped)? invalid: |^npm (?:error|ERR!) invalid: (\S+)/.exec(bare);
  if (invalid) return { message: `invalid ${invalid[1] ?? invalid[2]}` };
  const located = LOCATION.exec(bare);
  if (located) return { message: bare.slice(located[0].length).trim(), file: located[1]! };
  return { message: bare.trim() };
}

/**
 * The must-see lines that are not visible in the output. A line counts as visible when it is a
 * whole line of the output outside markers, or when it repeats a problem whose message is visible
 * on another line and its file, if it names one, is named in the output (a line or a marker's
 * summary): the same problem reported again may be counted behind a marker, never hidden.
 */
export function missingSignals(output: string, wanted: readonly string[]): string[] {
  const shown = visibleText(output).split('\n').map((line) => line.replace(/\r$/, '').replace(/^\s*<<headroom:.*$/, ''));
  const visible = new Set(shown);
  const messages = new Set(shown.filter((line) => line !== '').map((line) => problemMessage(line).message));
  const plain = output.replace(ANSI, '');
  return wanted.filter((line) => {
    if (visible.has(line)) return false;
    const problem = problemMessage(line);
    return !(messages.has(problem.message) && (problem.file === undefined || plain.includes(problem.file)));
  });
}

/** The wanted lines (query matches) that are not whole lines of the output's visible text (outside markers). */
export function missingLines(output: string, wanted: readonly string[]): string[] {
  const visible = new Set(visibleText(output).split('\n').map((line) => line.replace(/\r$/, '').replace(/^\s*<<headroom:.*$/, '')));
  return wanted.filter((line) => !visible.has(line));
}
