import { type Compressor, compressed, skipped } from '@headroom/core';

export interface RepeatedLinesOptions {
  /** A run of identical lines shorter than this is left alone. Default: 3. */
  readonly minRun?: number;
}

interface Run {
  readonly line: string;
  readonly count: number;
}

/**
 * Collapses runs of identical consecutive lines (progress bars, retry loops, `yes` output).
 * Lossless mode writes `line [repeated N times]`, which a reader can expand; lossy mode keeps one
 * copy and moves the run behind a marker, so the exact bytes stay retrievable.
 */
export function repeatedLinesCompressor(options: RepeatedLinesOptions = {}): Compressor {
  const minRun = options.minRun ?? 3;
  if (!Number.isInteger(minRun) || minRun < 2) throw new RangeError('minRun must be an integer >= 2');

  return {
    specificationVersion: 'v1',
    name: 'repeated-lines',
    contentTypes: ['text'],
    detect(input) {
      const runs = toRuns(input.split('\n'));
      const repeated = runs.reduce((sum, run) => sum + (run.count >= minRun ? run.count - 1 : 0), 0);
      const lines = runs.reduce((sum, run) => sum + run.count, 0);
      return lines === 0 ? 0 : Math.min(1, repeated / lines);
    },
    compress(input, context) {
      const runs = toRuns(input.split('\n'));
      if (!runs.some((run) => run.count >= minRun)) return skipped(`no run of ${minRun} identical lines`);
      const out = runs.map((run) => {
        if (run.count < minRun) return Array(run.count).fill(run.line).join('\n');
        if (context.mode === 'lossless') return `${run.line} [repeated ${run.count} times]`;
        const rest = Array(run.count - 1).fill(run.line).join('\n');
        return `${run.line}\n${context.offload(rest, { summary: `${run.count - 1} identical lines omitted` })}`;
      });
      return compressed(out.join('\n'));
    },
  };
}

function toRuns(lines: readonly string[]): Run[] {
  const runs: Run[] = [];
  for (const line of lines) {
    const last = runs.at(-1);
    if (last && last.line === line) runs[runs.length - 1] = { line, count: last.count + 1 };
    else runs.push({ line, count: 1 });
  }
  return runs;
}
