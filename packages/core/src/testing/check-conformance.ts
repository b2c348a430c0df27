import type { CompressContext, CompressionMode, Compressor, CompressResult, OffloadMeta } from '../compressor.js';
import { refOf } from '../hash.js';
import { createMarker, parseMarkers } from '../markers.js';
import { createMemoryStore } from '../store/memory-store.js';
import { LOCAL_TENANT } from '../store/tenant.js';
import { createEstimatingTokenizer } from '../tokenizer/tiktoken-tokenizer.js';
import { garbageInputs } from './garbage-inputs.js';

export interface ConformanceOptions {
  /** Inputs the compressor is meant for: the checks run on these as well as on garbage. */
  readonly samples?: readonly string[];
  /** A query to pass on samples (relevance). */
  readonly query?: string;
  /** Per-compressor options for `context.options`. */
  readonly options?: Readonly<Record<string, unknown>>;
  /** Time allowed per call in ms before it counts as a hang. Default: 10,000. */
  readonly timeoutMs?: number;
}

export interface ConformanceFailure {
  readonly check: string;
  readonly input: string;
  readonly message: string;
}

export interface ConformanceReport {
  readonly passed: boolean;
  readonly failures: readonly ConformanceFailure[];
  /** How many sample inputs were actually compressed (not skipped), per mode. */
  readonly compressedSamples: { readonly lossy: number; readonly lossless: number };
}

interface Run {
  result?: CompressResult;
  error?: unknown;
  offloads: Map<string, string>;
  ms: number;
}

/**
 * The contract every compressor meets, third-party ones too. Framework-agnostic: it returns a
 * report, so a test is one line — `expect((await checkConformance(myCompressor())).failures).toEqual([])`.
 *
 * Checks: shape of the plugin; detect() returns 0..1 and never throws; compress() never throws
 * or hangs on garbage (random bytes, empty, huge, deeply nested, lone surrogates, NUL bytes);
 * the result is smaller than the input or skipped; the output is deterministic; in lossless
 * mode nothing is offloaded; every marker in the output was offloaded (so its ref resolves)
 * and the stored original is byte-exact.
 */
export async function checkConformance(compressor: Compressor, options: ConformanceOptions = {}): Promise<ConformanceReport> {
  const failures: ConformanceFailure[] = [];
  const fail = (check: string, input: string, message: string) => failures.push({ check, input, message });
  const tokenizer = createEstimatingTokenizer();
  const timeoutMs = options.timeoutMs ?? 10_000;
  const compressedSamples = { lossy: 0, lossless: 0 };

  if (compressor.specificationVersion !== 'v1') fail('shape', '-', `specificationVersion is ${JSON.stringify(compressor.specificationVersion)}, expected "v1"`);
  if (typeof compressor.name !== 'string' || compressor.name.length === 0) fail('shape', '-', 'name must be a non-empty string');
  if (!Array.isArray(compressor.contentTypes) || compressor.contentTypes.length === 0) fail('shape', '-', 'contentTypes must list at least one type');
  if (typeof compressor.detect !== 'function' || typeof compressor.compress !== 'function') {
    fail('shape', '-', 'detect and compress must be functions');
    return { passed: false, failures, compressedSamples };
  }

  const inputs = [
    ...(options.samples ?? []).map((input, i) => ({ name: `sample ${i + 1}`, input, sample: true })),
    ...garbageInputs().map((g) => ({ ...g, sample: false })),
  ];

  const run = async (input: string, mode: CompressionMode, query: string | undefined): Promise<Run> => {
    const offloads = new Map<string, string>();
    const started = performance.now();
    const context: CompressContext = {
      tokenizer,
      mode,
      ...(query !== undefined ? { query } : {}),
      options: options.options ?? {},
      deadline: Date.now() + timeoutMs,
      offload(original: string, meta: OffloadMeta) {
        if (mode === 'lossless') throw new Error('offload called in lossless mode');
        const ref = refOf(original);
        offloads.set(ref, original);
        return createMarker(ref, meta.summary);
      },
    };
    let timer: NodeJS.Timeout | undefined;
    try {
      const result = await Promise.race([
        Promise.resolve().then(() => compressor.compress(input, context)),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no result after ${timeoutMs} ms`)), timeoutMs);
        }),
      ]);
      return { result, offloads, ms: performance.now() - started };
    } catch (error) {
      return { error, offloads, ms: performance.now() - started };
    } finally {
      clearTimeout(timer);
    }
  };

  for (const { name, input, sample } of inputs) {
    const query = sample ? options.query : undefined;
    for (const mode of ['lossy', 'lossless'] as const) {
      const context = { tokenizer, mode, options: options.options ?? {}, deadline: Date.now() + timeoutMs, offload: () => '' } as CompressContext;
      try {
        const confidence = compressor.detect(input, context);
        if (typeof confidence !== 'number' || !(confidence >= 0 && confidence <= 1)) {
          fail('detect', name, `detect returned ${String(confidence)}, expected a number in 0..1`);
        }
      } catch (error) {
        fail('detect', name, `detect threw: ${String(error)}`);
      }

      const first = await run(input, mode, query);
      if (first.error !== undefined) {
        fail(mode === 'lossless' && String(first.error).includes('lossless') ? 'lossless' : 'never throws', name, `${mode}: ${String(first.error)}`);
        continue;
      }
      const result = first.result!;
      if (!result || (result.type !== 'compressed' && result.type !== 'skipped')) {
        fail('result shape', name, `${mode}: result must be { type: "compressed" | "skipped" }`);
        continue;
      }
      if (result.type === 'skipped') {
        if (typeof result.reason !== 'string' || result.reason.length === 0) fail('result shape', name, `${mode}: a skipped result needs a reason`);
        continue;
      }
      if (typeof result.text !== 'string') {
        fail('result shape', name, `${mode}: compressed text must be a string`);
        continue;
      }
      if (sample) compressedSamples[mode]++;
      if (tokenizer.estimate(result.text) >= tokenizer.estimate(input) && result.text.length >= input.length) {
        fail('smaller or skipped', name, `${mode}: output (${result.text.length} chars) is not smaller than input (${input.length} chars)`);
      }
      const inputRefs = new Set(parseMarkers(input).map((m) => m.ref));
      for (const marker of parseMarkers(result.text)) {
        if (inputRefs.has(marker.ref)) continue;
        if (!first.offloads.has(marker.ref)) fail('markers resolve', name, `${mode}: marker ref ${marker.ref} was never offloaded`);
      }
      // Round-trip each offloaded original through a real store: what comes back is byte-exact.
      const store = createMemoryStore();
      for (const [ref, original] of first.offloads) {
        if (refOf(original) !== ref) fail('markers resolve', name, `${mode}: ref ${ref} is not the hash of its original`);
        await store.originals.put(LOCAL_TENANT, ref, original, {});
        const back = await store.originals.get(LOCAL_TENANT, ref);
        if (back?.original !== original) fail('markers resolve', name, `${mode}: original behind ${ref} did not come back byte-exact`);
      }
      const second = await run(input, mode, query);
      const again = second.result;
      if (second.error !== undefined || !again || again.type !== 'compressed' || again.text !== result.text) {
        fail('deterministic', name, `${mode}: a second run gave a different result`);
      }
    }
  }
  return { passed: failures.length === 0, failures, compressedSamples };
}
