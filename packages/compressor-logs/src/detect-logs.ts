/** Lines looked at: the head of the input is enough to tell a log, and keeps detect() cheap. */
const SAMPLE_LINES = 200;
const SAMPLE_CHARS = 2048;

// A timestamp near the start: ISO/European dates, clock times, 10-digit epochs, syslog months, HDFS `081109 203615`.
const TIMESTAMP = /\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\b\d{1,2}:\d{2}:\d{2}|\b1\d{9}(?:\.\d+)?\b|^\d{6} \d{6}\b|\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) +\d{1,2}\b/;
const TIMESTAMP_SPAN = 64;
const LEVEL = /\b(?:TRACE|DEBUG|INFO|NOTICE|WARN|WARNING|ERROR|ERR|FATAL|CRITICAL|SEVERE|PANIC)\b|\[(?:trace|debug|info|notice|warn|warning|error|crit|fatal)\]|^[VDIWEF]\/[\w.$-]+\s*\(/i;
const LEVEL_SPAN = 120;
// Build and test runners print no timestamps but are logs too: npm, yarn, cargo, rustc, jest,
// TAP, ninja-style progress, pytest section rules.
const BUILD = /^(?:npm (?:ERR!|WARN|notice) |yarn (?:warn|error) |error(?:\[E\d+\])?: |warning: |\s*(?:Compiling|Downloading|Downloaded|Finished|Running|Fresh|Checking) \S|(?:PASS|FAIL) \S|(?:not )?ok \d+ |\[\d+\/\d+\] |={3,} .+ ={3,}$)/;
// Things that are not logs even when they carry dates: grep hits, `ls -l`, diffs, git log, CSV-ish tables.
// `path:12:` with letters in the path, and not the `13:53:08` of a clock time nor an ISO date-time
// (`2026-11-24T10:00:05Z` has a letter before its first colon too).
const GREP = /^(?!\d{4}-\d\d-\d\dT\d)(?=[^\s:]*[A-Za-z])[^\s:]+:\d+[:-](?!\d\d[\s:,.])/;
const LS_LONG = /^[-dlcbps][rwxsStT-]{9}[.+@]?\s+\d+/;
const DIFF = /^(?:diff --git |index [0-9a-f]+\.\.|@@ -\d|\+\+\+ |--- a\/|commit [0-9a-f]{40})/;
const LOG_KEYS = /^(?:time|timestamp|ts|@timestamp|date|datetime|level|severity|lvl|loglevel|msg|message)$/i;

/**
 * Confidence 0..1 that `input` is a log: the share of sampled lines that start with a timestamp,
 * carry a level or look like build/test runner output, damped to near zero when the lines look like grep output, `ls -l`, a diff or
 * a table. JSON lines count as logs when their records have log keys (time, level, message).
 */
export function detectLogs(input: string): number {
  const lines = sampleLines(input);
  if (lines.length === 0) return 0;
  const json = jsonLinesShare(lines);
  if (json.records >= 0.8) return json.logKeys >= 0.8 ? 0.9 : 0.15;

  let logLike = 0;
  let notLog = 0;
  for (const line of lines) {
    if (GREP.test(line) || LS_LONG.test(line) || DIFF.test(line)) notLog++;
    else if (TIMESTAMP.test(line.slice(0, TIMESTAMP_SPAN)) || LEVEL.test(line.slice(0, LEVEL_SPAN)) || BUILD.test(line)) logLike++;
  }
  if (notLog / lines.length >= 0.2 || looksLikeTable(lines)) return Math.min(0.1, logLike / lines.length / 5);
  const share = logLike / lines.length;
  // Below half the lines it is prose or output that mentions times now and then.
  return share >= 0.5 ? Math.min(0.95, 0.5 + 0.45 * share) : share * 0.5;
}

function sampleLines(input: string): string[] {
  const lines: string[] = [];
  let start = 0;
  while (start < input.length && lines.length < SAMPLE_LINES) {
    let end = input.indexOf('\n', start);
    if (end < 0) end = input.length;
    const line = input.slice(start, Math.min(end, start + SAMPLE_CHARS));
    if (line.trim().length > 0) lines.push(line);
    start = end + 1;
  }
  return lines;
}

/** Shares of lines that are JSON objects, and of those, objects with at least two log keys. */
function jsonLinesShare(lines: readonly string[]): { records: number; logKeys: number } {
  let records = 0;
  let withLogKeys = 0;
  for (const line of lines) {
    const trimmed = line.trim();
    if (!trimmed.startsWith('{')) continue;
    const keys = [...trimmed.matchAll(/"([^"\\]{1,40})"\s*:/g)].map((m) => m[1]!);
    if (keys.length === 0) continue;
    records++;
    if (keys.filter((key) => LOG_KEYS.test(key)).length >= 2) withLogKeys++;
  }
  return { records: records / lines.length, logKeys: records === 0 ? 0 : withLogKeys / records };
}

/** CSV/TSV: a header row of names, and most rows with as many (quote-aware) cells as it has. */
function looksLikeTable(lines: readonly string[]): boolean {
  if (lines.length < 3) return false;
  for (const separator of [',', '\t']) {
    const header = cells(lines[0]!, separator);
    if (header.length < 2 || !header.every((cell) => HEADER_CELL.test(cell.trim()))) continue;
    const same = lines.filter((line) => cells(line, separator).length === header.length).length;
    if (same / lines.length >= 0.8) return true;
  }
  return false;
}

const HEADER_CELL = /^"?[A-Za-z_][\w .\-/]*"?$/;

function cells(line: string, separator: string): string[] {
  const out: string[] = [];
  let quoted = false;
  let start = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"') quoted = !quoted;
    else if (c === separator && !quoted) {
      out.push(line.slice(start, i));
      start = i + 1;
    }
  }
  out.push(line.slice(start));
  return out;
}
