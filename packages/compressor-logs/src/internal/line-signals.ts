/** Where level words are looked for: the header of a line, not its whole message. */
const HEAD_CHARS = 200;

// Upper-case level words anywhere in the head: `ERROR`, `WARN`, `FATAL`...
const LEVEL_UPPER = /\b(?:WARN|WARNING|ERROR|ERR|FATAL|CRITICAL|CRIT|SEVERE|PANIC|EMERG|ALERT|EXCEPTION)\b/;
// Bracketed or key=value levels in any case: `[error]`, `<warn>`, `level=error`, `"level":"fatal"`.
const LEVEL_MARKED = /(?:[[<(|]\s*(?:warn|warning|error|err|fatal|critical|crit|severe|panic|emerg|alert)\s*[\]>)|:])|(?:\b(?:level|severity|lvl|loglevel)"?\s*[=:]\s*"?(?:warn|warning|error|err|fatal|critical|crit|severe|panic|emerg|alert)\b)/i;
// Compilers and linters: `warning: unused variable`, `error[E0382]: borrow of moved value`.
const LEVEL_PREFIX = /^\s*(?:warning|error|fatal error|fatal)(?:\[[\w-]+\])?:\s/i;
// A capitalized level right after a timestamp: Windows CBS `2016-09-28 04:30:30, Warning  CBS ...`.
const LEVEL_AFTER_TIME = /^[\d\s\-:.,/T[\]Z+]*(?:Warning|Warn|Error|Fatal|Critical|Severe)\b/;
// Android logcat priorities W, E, F (threadtime `03-17 16:13:38.811  1702  2395 E Tag:`, brief `E/Tag(`).
const ANDROID = /^(?:\d\d-\d\d \d\d:\d\d:\d\d\.\d+\s+\d+\s+\d+\s+[WEF]\s|[WEF]\/[\w.$-]+\s*\()/;
// Exception class names and their usual phrasing: `java.io.IOException: ...`, `Exception in thread`.
// A cheap pre-check: the full pattern backtracks at every capital letter.
const MAY_NAME_EXCEPTION = /Exception|Error|Traceback/;
const EXCEPTION = /\b[A-Z][\w$]*(?:Exception|Error)\b|\bException\b|\bTraceback \(most recent call last\)/;

/** True when the line is at warning level or above, or names an exception. */
export function isWarningOrWorse(line: string): boolean {
  const head = line.length > HEAD_CHARS ? line.slice(0, HEAD_CHARS) : line;
  return LEVEL_UPPER.test(head) || LEVEL_MARKED.test(head) || LEVEL_PREFIX.test(head) || LEVEL_AFTER_TIME.test(head) || ANDROID.test(head) || (MAY_NAME_EXCEPTION.test(head) && EXCEPTION.test(head));
}

// A frame or a continuation of a stack trace: Java/JS `at ...`, `Caused by:`, `... 12 more`,
// Python `File "..."`; Go traces start at `goroutine 1 [running]:` and go on with indented frames.
const FRAME = /^\s+at\s|^\s*Caused by:|^\s*Suppressed:|^\s+\.\.\. \d+ (?:more|common frames omitted)|^\s+File "/;
const TRACE_START = /^\s*Traceback \(most recent call last\):|^panic: |^goroutine \d+ \[/;
// Python ends a traceback with an unindented `SomeError: message` line.
const PYTHON_LAST = /^[A-Za-z_][\w.]*(?:Error|Exception|Exit|Interrupt|Warning)\b/;

/**
 * Stack traces as [first, last] line ranges (inclusive). A trace's first line is the line before
 * its first frame (the message that names the exception); indented lines inside a trace belong to
 * it, so Python's source lines and Java's `Caused by` chains stay whole.
 */
export function findStackTraces(lines: readonly string[]): [number, number][] {
  const traces: [number, number][] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    const starts = TRACE_START.test(line);
    if (!starts && !FRAME.test(line)) {
      i++;
      continue;
    }
    const first = starts || i === 0 ? i : i - 1;
    const python = /Traceback/.test(line);
    let last = i;
    for (let j = i + 1; j < lines.length; j++) {
      const next = lines[j]!;
      if (FRAME.test(next) || /^\s+\S/.test(next)) {
        last = j;
        continue;
      }
      if (python && PYTHON_LAST.test(next)) last = j;
      break;
    }
    const previous = traces.at(-1);
    if (previous && first <= previous[1] + 1) previous[1] = Math.max(previous[1], last);
    else traces.push([first, last]);
    i = last + 1;
  }
  return traces;
}
