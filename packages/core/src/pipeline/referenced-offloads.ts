import type { RunnerOffload } from './runner.js';

/**
 * The offloads the output points at, each ref once. A compressor may offload speculatively: render
 * twice and keep one text (the JSON compressor's tighter render under a target), or fall back to a
 * text with no omission. An original no marker names is never asked for, so it is neither stored
 * nor counted. The test is the ref's text anywhere in the output, not a parsed marker: a marker
 * written in an escaped form still keeps its original.
 */
export function referenced(offloads: readonly RunnerOffload[], output: string): RunnerOffload[] {
  const kept: RunnerOffload[] = [];
  const seen = new Set<string>();
  for (const offload of offloads) {
    if (seen.has(offload.ref) || !output.includes(offload.ref)) continue;
    seen.add(offload.ref);
    kept.push(offload);
  }
  return kept;
}
