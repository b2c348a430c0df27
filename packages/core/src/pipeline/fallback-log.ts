/** Takes a failure the ledger could not record. */
export type FallbackLog = (code: string, message: string) => void;

/** At most one line per code in this window; the lines in between are counted, not lost. */
const WINDOW_MS = 60_000;

/**
 * The default fallback: a JSON line on stderr (where an operator's service manager or terminal
 * collects it), at most once a minute per code, carrying how many were suppressed since.
 */
export function createFallbackLog(write: (line: string) => void = (line) => process.stderr.write(line), now: () => number = Date.now): FallbackLog {
  const last = new Map<string, { at: number; suppressed: number }>();
  return (code, message) => {
    const seen = last.get(code);
    if (seen && now() - seen.at < WINDOW_MS) {
      seen.suppressed++;
      return;
    }
    last.set(code, { at: now(), suppressed: 0 });
    const line = { time: new Date(now()).toISOString(), level: 'error', source: 'headroom', code, message, ...(seen?.suppressed ? { suppressedSinceLast: seen.suppressed } : {}) };
    write(`${JSON.stringify(line)}\n`);
  };
}
