import { type BackendPreference, codeCompressor } from '@headroom/compressor-code';
import { createTestContext } from '@headroom/core/testing';
import { median } from '../measure.js';
import type { SourceFile } from './code-inputs.js';

export interface BackendSpeeds {
  /** MB/s of `compress` over every file with the native addon; undefined when it does not load here. */
  readonly nativeMBps: number | undefined;
  readonly wasmMBps: number;
  /** Files whose output is the same bytes on both backends (of those both could compress). */
  readonly identical: number;
  readonly compared: number;
}

/** One backend's outputs and median time per file (after a warm-up), or undefined when it cannot run. */
async function timeBackend(backend: BackendPreference, files: readonly SourceFile[], runs: number): Promise<{ outputs: string[]; seconds: number } | undefined> {
  const compressor = codeCompressor({ backend });
  const outputs: string[] = [];
  let seconds = 0;
  for (const file of files) {
    const compress = () => compressor.compress(file.text, createTestContext({ hints: { filePath: file.path } }).context);
    const first = await compress();
    if (first.type === 'skipped' && first.reason.startsWith('no tree-sitter backend')) return undefined;
    outputs.push(first.type === 'compressed' ? first.text : `skipped: ${first.reason}`);
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      await compress();
      times.push(performance.now() - started);
    }
    seconds += median(times) / 1000;
  }
  return { outputs, seconds };
}

/**
 * The code compressor alone on the same files with each tree-sitter backend: the native addon
 * (compiled at install) and web-tree-sitter's WebAssembly (what runs where the addon cannot build).
 */
export async function backendSpeeds(files: readonly SourceFile[], runs: number): Promise<BackendSpeeds> {
  const megabytes = files.reduce((sum, file) => sum + Buffer.byteLength(file.text), 0) / 1e6;
  const wasm = await timeBackend('wasm', files, runs);
  if (!wasm) throw new Error('the WebAssembly tree-sitter backend did not load');
  const native = await timeBackend('native', files, runs);
  const identical = native ? native.outputs.filter((text, i) => text === wasm.outputs[i]).length : 0;
  return { nativeMBps: native ? megabytes / native.seconds : undefined, wasmMBps: megabytes / wasm.seconds, identical, compared: native ? files.length : 0 };
}
