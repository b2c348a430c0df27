/** Classification looks at most this much of a line: a 20 MB line costs no more than a short one. */
export const HEAD_CHARS = 2048;

/** The start of a line, bounded, for regex classification (linear and stack-safe on huge lines). */
export function head(line: string): string {
  const bounded = line.length > HEAD_CHARS ? line.slice(0, HEAD_CHARS) : line;
  // Colored output (`tsc --pretty`, `ls --color`, vitest) is classified without its escape codes.
  return bounded.includes('\x1b') ? bounded.replace(ANSI, '') : bounded;
}

const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g;

/** Non-blank lines of the start of `input`, each bounded: enough to tell what a command printed. */
export function sampleLines(input: string, maxLines = 200, maxChars = 512): string[] {
  const lines: string[] = [];
  let start = 0;
  while (start < input.length && lines.length < maxLines) {
    let end = input.indexOf('\n', start);
    if (end < 0) end = input.length;
    const line = input.slice(start, Math.min(end, start + maxChars)).replace(/\r$/, '');
    if (line.trim().length > 0) lines.push(line);
    start = end + 1;
  }
  return lines;
}

/** Share of `lines` matching `pattern` (0 for none). */
export function share(lines: readonly string[], pattern: { test(line: string): boolean }): number {
  if (lines.length === 0) return 0;
  let n = 0;
  for (const line of lines) if (pattern.test(line)) n++;
  return n / lines.length;
}

/** The leading whitespace of a line, bounded: marker lines take the indentation of what they replace. */
export function indentOf(line: string): string {
  const match = /^[ \t]{0,40}/.exec(line);
  return match ? match[0] : '';
}

/** Lines without a trailing `\r`, for parsing (the original lines are what is kept). */
export function clean(line: string): string {
  const bare = line.endsWith('\r') ? line.slice(0, -1) : line;
  return bare.includes('\x1b') ? bare.replace(ANSI, '') : bare;
}

/** `clean(head(line))` with one scan for escape codes instead of two when there are none (the common case). */
export function bare(line: string): string {
  const bounded = line.length > HEAD_CHARS ? line.slice(0, HEAD_CHARS) : line;
  if (bounded.includes('\x1b')) return clean(head(line));
  return bounded.endsWith('\r') ? bounded.slice(0, -1) : bounded;
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}
