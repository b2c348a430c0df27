/** Header that explains the lossless notation, so a reader can expand it exactly. */
const REPEAT_HEADER = '[headroom-logs lossless: a line ending in " [×N]" stands for N identical lines in a row]';

/**
 * The only lossless re-encoding of a log: runs of identical consecutive lines become one line
 * with a count. Undefined when no line repeats.
 */
export function collapseRepeats(lines: readonly string[]): string | undefined {
  const out: string[] = [REPEAT_HEADER];
  let repeated = false;
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    let j = i + 1;
    while (j < lines.length && lines[j] === line) j++;
    const run = j - i;
    if (run > 1) repeated = true;
    out.push(run > 1 ? `${line} [×${run}]` : line);
    i = j;
  }
  return repeated ? out.join('\n') : undefined;
}
