import { spawnSync } from 'node:child_process';
import { type CompressContext, type CompressionMode, type Compressor, createEstimatingTokenizer, createMarker, refOf } from '@headroom/core';

export interface Run {
  readonly text: string | undefined;
  readonly reason: string | undefined;
  /** Originals behind the markers, by ref. */
  readonly offloads: ReadonlyMap<string, string>;
}

export interface RunOptions {
  readonly command?: string;
  readonly query?: string;
  readonly toolName?: string;
  readonly mode?: CompressionMode;
  readonly options?: Readonly<Record<string, unknown>>;
}

/** A context like the pipeline's: estimating tokenizer, offloads kept in a map. */
export function testContext(run: RunOptions, offloads: Map<string, string>): CompressContext {
  return {
    tokenizer: createEstimatingTokenizer(),
    mode: run.mode ?? 'lossy',
    options: run.options ?? {},
    deadline: Date.now() + 600_000,
    ...(run.query !== undefined ? { query: run.query } : {}),
    ...(run.toolName !== undefined ? { toolName: run.toolName } : {}),
    ...(run.command !== undefined ? { hints: { command: run.command } } : {}),
    offload(original, meta) {
      const ref = refOf(original);
      offloads.set(ref, original);
      return createMarker(ref, meta.summary);
    },
  };
}

export async function runCompressor(compressor: Compressor, input: string, run: RunOptions = {}): Promise<Run> {
  const offloads = new Map<string, string>();
  const result = await compressor.compress(input, testContext(run, offloads));
  return result.type === 'compressed' ? { text: result.text, reason: undefined, offloads } : { text: undefined, reason: result.reason, offloads };
}

/** The input rebuilt from the output: every marker line replaced by its original. Lines are never altered, so this must equal the input. */
export function reconstruct(text: string, offloads: ReadonlyMap<string, string>): string {
  return text
    .split('\n')
    .map((line) => {
      const m = /^\s*<<headroom: [^\n]*? ref=([0-9a-f]{24})>>$/.exec(line);
      return m && offloads.has(m[1]!) ? offloads.get(m[1]!)! : line;
    })
    .join('\n');
}

/** What a real program prints on this machine (stdout and stderr), for tests over real output. */
export function runProgram(command: string, cwd = '/tmp'): string {
  const run = spawnSync('bash', ['-c', command], { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, timeout: 120_000 });
  return run.stdout ?? '';
}
