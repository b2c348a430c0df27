import { type CommandRoute, commandRoute, type TextFamily } from './command-family.js';
import { isCommitLog, isOnelineLog } from './internal/families/git-log.js';
import { isGitBlame } from './internal/families/git-blame.js';
import { isGitStatus } from './internal/families/git-status.js';
import { listingFormat } from './internal/families/listing.js';
import { recordFormat } from './internal/families/records.js';
import { tableHeaderEnd } from './internal/families/table.js';
import { sampleLines, share } from './internal/lines.js';
import { SUMMARY } from './internal/signals.js';
import { countShapes } from './internal/templates.js';

export interface TextDetection {
  readonly family: TextFamily;
  /** 0..1, as `detect()` reports it. */
  readonly confidence: number;
  /** What decided: the command line (or tool name) the host passed, or the content itself. */
  readonly by: 'command' | 'content';
}

export interface TextHints {
  readonly command?: string;
  readonly toolName?: string;
}

const ROUTED = 0.97;
// Lines owned by other compressors: a log's timestamp at the start, a grep hit, a unified diff.
const LOG_START = /^\[?(?:\d{4}-\d\d-\d\d[T ]\d\d:\d\d|\d{6} \d{6}|(?:[A-Z][a-z]{2} )?[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d|\d\d:\d\d:\d\d[.,]\d|\d{10}(?:\.\d+)?\s|\d{2}\/\d{2}\/\d{2,4} \d\d:\d\d)/;
// A clock time with seconds near the start of a line: every log format has one, command listings do not.
const CLOCK = /^.{0,40}?\b\d{1,2}:\d\d:\d\d\b/;
const LOG_LEVEL = /^\S*\s*(?:\[\s*)?(?:TRACE|DEBUG|INFO|NOTICE|WARN|WARNING|ERROR|FATAL|CRITICAL)\b/;
const GREP_HIT = /^(?!\d{4}-\d\d-\d\dT\d)(?=[^\s:]*[A-Za-z])[^\s:]+[:-]\d+[:-]/;
const DIFF_START = /^(?:diff --git |--- a\/|\+\+\+ b\/|@@ -\d+(?:,\d+)? \+\d+)/m;
/** A sentence: eight words or more ending in punctuation (counted, not matched: nested quantifiers backtrack). */
const PROSE = { test: (line: string) => /[.!?:,;)"']$/.test(line) && line.trim().split(/\s+/).length >= 8 };
const MARKUP = /^(?:#{1,6} |\s*[-*+] \S|\s*\d+\. \S|```|\s*<\/?[a-zA-Z][\w-]*[\s>]|\.\. \w|={3,}$|-{3,}$|\|.*\|$)/;
const CODE = /[;{}]\s*$|^\s*(?:def |class |import |from \S+ import |function |const |let |var |export |return\b|if \(|for \(|#include|public |private )/;

const TEST_SIGNATURES: readonly RegExp[] = [
  /^=+ test session starts =+$/,
  /^Ran \d+ tests? in /,
  / \.\.\. (?:ok|FAIL|ERROR|skipped)/,
  /^\s*(?:Test Files|Tests:|Test Suites:)\s/,
  /^\s*\d+ passing \(/,
  /^\s*--- (?:PASS|FAIL): /,
  /^(?:ok|FAIL)\s+\S+\s+(?:[\d.]+s|\(cached\))/,
  /^test result: /,
  /\berror TS\d+: /,
  /^✖ \d+ problems? \(/,
  /^\S+:\d+:\d+: (?:fatal )?(?:error|warning): /,
  /^(?:Get|Hit|Ign):\d+ \S+/,
  /^(?:Setting up|Unpacking|Preparing to unpack|Selecting previously unselected package) /,
  /^Reading package lists\.\.\./,
  /^(?:Collecting|Requirement already satisfied:|Successfully installed|Installing collected packages:) /,
  /^(?:added|removed|changed) \d+ packages?/,
  /^npm (?:warn|WARN|ERR!|error) /,
  /^\s*Compiling \S+ v\d/,
];

/** Samples from the start and the end: runners print their summary last. */
function samples(input: string): { lines: string[]; tail: string[] } {
  const lines = sampleLines(input, 200);
  const tailStart = Math.max(0, input.length - 8192);
  const tail = tailStart > 0 ? sampleLines(input.slice(input.indexOf('\n', tailStart) + 1), 60) : [];
  return { lines, tail };
}

function looksLikeJson(input: string): boolean {
  const start = input.trimStart()[0];
  const end = input.trimEnd().at(-1);
  return (start === '{' && end === '}') || (start === '[' && end === ']');
}

/**
 * Which family a command's output belongs to and how sure that is. The command line (when the
 * host passed one) decides first; otherwise the content: git's formats, a test runner's lines,
 * ls/find/tree/du shapes, a table header, key-value fields, then any repetitive line-oriented text.
 * JSON, diffs, logs (timestamps at line starts), grep hits, prose, markup and source code get a
 * low score: other compressors own them.
 */
export function detectText(input: string, hints: TextHints = {}): TextDetection | undefined {
  if (input.trim().length === 0) return undefined;
  const route: CommandRoute | undefined = commandRoute(hints.command, hints.toolName);
  if (route === 'none' || looksLikeJson(input)) return undefined;
  const { lines, tail } = samples(input);
  if (lines.length < 2) return undefined;
  const diff = DIFF_START.test(lines.join('\n'));
  if (route !== undefined) {
    if (diff && route !== 'vcs-log') return undefined;
    return { family: route, confidence: ROUTED, by: 'command' };
  }
  const content = byContent(lines, tail, diff);
  return content && { ...content, by: 'content' };
}

/** A header of 3+ column names, then rows about as wide as it (prose under a title is not a table). */
function looksLikeTable(lines: readonly string[]): boolean {
  const end = tableHeaderEnd(lines);
  if (end < 0 || lines.length < 6) return false;
  const header = lines.find((line) => line.trim() !== '')!;
  const columns = header.trim().split(/\s+/).length;
  if (columns < 3) return false;
  const widths = lines.slice(end + 1).map((line) => line.trim().split(/\s+/).length).sort((a, b) => a - b);
  const median = widths[Math.floor(widths.length / 2)] ?? 0;
  return median >= columns - 1 && median <= columns * 2 + 2;
}

/** CSV/TSV: most lines split into the same number (3+) of comma- or tab-separated cells. */
function looksLikeCsv(lines: readonly string[]): boolean {
  for (const separator of [',', '\t']) {
    const counts = new Map<number, number>();
    for (const line of lines) {
      const cells = line.split(separator).length;
      counts.set(cells, (counts.get(cells) ?? 0) + 1);
    }
    const [cells, count] = [...counts].sort((a, b) => b[1] - a[1])[0]!;
    if (cells >= 4 && count >= lines.length * 0.8) return true;
  }
  return false;
}

function byContent(lines: readonly string[], tail: readonly string[], diff: boolean): Omit<TextDetection, 'by'> | undefined {
  if (isCommitLog(lines)) return { family: 'vcs-log', confidence: diff ? 0.5 : 0.9 };
  if (diff) return undefined;
  if (isGitBlame(lines)) return { family: 'vcs-blame', confidence: 0.92 };
  if (isGitStatus(lines)) return { family: 'vcs-status', confidence: 0.9 };
  const all = tail.length > 0 ? [...lines, ...tail] : lines;
  const signatures = TEST_SIGNATURES.filter((pattern) => all.some((line) => pattern.test(line))).length;
  if (signatures >= 2 || (signatures === 1 && all.some((line) => SUMMARY.test(line)))) return { family: 'test-run', confidence: 0.9 };

  // Owned elsewhere: logs, grep hits (search results), prose and markup (documents), source code.
  if (share(lines, LOG_START) >= 0.3 || share(lines, LOG_LEVEL) >= 0.3 || share(lines, CLOCK) >= 0.3) return undefined;
  if (share(lines, GREP_HIT) >= 0.3 || looksLikeCsv(lines)) return undefined;
  if (share(lines, PROSE) >= 0.25 || share(lines, MARKUP) >= 0.15) return undefined;
  if (share(lines, CODE) >= 0.25) return undefined;

  if (isOnelineLog(lines)) return { family: 'vcs-log', confidence: 0.75 };
  const listing = listingFormat(lines);
  if (listing) return { family: 'listing', confidence: listing === 'paths' ? 0.7 : 0.88 };
  if (looksLikeTable(lines)) return { family: 'table', confidence: 0.8 };
  const records = recordFormat(lines);
  if (records) return { family: 'records', confidence: records === 'equals' ? 0.8 : 0.7 };
  if (lines.length < 10) return undefined;
  const { counts } = countShapes(lines, lines.keys());
  let repeated = 0;
  for (const count of counts.values()) if (count >= 3) repeated += count;
  const ratio = repeated / lines.length;
  return ratio >= 0.5 ? { family: 'generic', confidence: Math.min(0.5, 0.2 + ratio * 0.3) } : undefined;
}
