import { codeCompressor } from '@headroom/compressor-code';
import { jsonCompressor } from '@headroom/compressor-json';
import { logsCompressor } from '@headroom/compressor-logs';
import { ragCompressor } from '@headroom/compressor-rag';
import { type CompressInput, type CompressionMode, type Compressor, createMemoryStore, createPipeline, createTokenizer, LOCAL_TENANT, parseMarkers, refOf } from '@headroom/core';
import type { Needle } from './workloads/index.js';

/**
 * The bench raises the pipeline's per-compression time limit (default 2 s) so that a run on a
 * loaded machine measures the compressor's output instead of a fail-open pass-through.
 */
export const BENCH_TIMEOUT_MS = 60_000;

/** Reported token figures: exact o200k_base counts, always taken outside the timed region. */
const reportTokenizer = createTokenizer({ encoding: 'o200k_base' });
export const countTokens = (text: string): number => reportTokenizer.count(text);

/** Every compressor, as a host would wire them: the pipeline routes by confidence. */
export function benchCompressors(): Compressor[] {
  return [jsonCompressor(), logsCompressor(), codeCompressor(), ragCompressor()];
}

/** One piece of content and what the host knows about it. */
export interface BenchInput {
  readonly text: string;
  readonly input: CompressInput;
}

export interface ModeMeasurement {
  readonly mode: CompressionMode;
  /** Output of each input, in order (the first run's). */
  readonly texts: readonly string[];
  readonly tokensAfter: number;
  readonly markers: number;
  /** Markers (and whole-original refs) whose original is missing from the store or not byte-exact. */
  readonly unresolved: number;
  /** Sum over inputs of the median wall time of pipeline.compress. */
  readonly medianMs: number;
  readonly bytes: number;
  /** Which compressor produced each output, or why it passed through. */
  readonly outcomes: readonly string[];
  /** Every run gave the same bytes. */
  readonly deterministic: boolean;
  readonly warnings: readonly string[];
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function mbPerSecond(bytes: number, ms: number): number {
  return ms > 0 ? bytes / 1_000_000 / (ms / 1000) : Number.POSITIVE_INFINITY;
}

/** Savings as a fraction of `before`: 0.92 = 92 % fewer tokens. */
export function savings(before: number, after: number): number {
  return before > 0 ? 1 - after / before : 0;
}

interface SingleRun {
  readonly text: string;
  readonly ms: number;
  readonly outcome: string;
  readonly markers: number;
  readonly unresolved: number;
  readonly warnings: readonly string[];
}

async function runOnce(item: BenchInput, mode: CompressionMode): Promise<SingleRun> {
  // A fresh store per run: an empty memo, so every timed run does the real work.
  const store = createMemoryStore();
  const pipeline = createPipeline({ compressors: benchCompressors(), store, policy: { mode, timeoutMs: BENCH_TIMEOUT_MS } });
  const started = performance.now();
  const result = await pipeline.compress(item.text, item.input);
  const ms = performance.now() - started;
  let unresolved = 0;
  for (const marker of result.markers) {
    const stored = await store.originals.get(LOCAL_TENANT, marker.ref);
    if (!stored || refOf(stored.original) !== marker.ref) unresolved++;
  }
  if (result.compressed) {
    const whole = result.ref ? await store.originals.get(LOCAL_TENANT, result.ref) : undefined;
    if (whole?.original !== item.text) unresolved++;
  }
  return {
    text: result.text,
    ms,
    outcome: result.compressed ? (result.compressor ?? 'compressed') : `pass-through (${result.reason ?? 'no reason'})`,
    markers: result.markers.length,
    unresolved,
    warnings: result.warnings.map((w) => w.message),
  };
}

/**
 * Compresses each input `runs` times after one untimed warm-up run (whose output is the one
 * reported and checked), timing only pipeline.compress.
 */
export async function measureMode(items: readonly BenchInput[], mode: CompressionMode, runs: number): Promise<ModeMeasurement> {
  const texts: string[] = [];
  const outcomes: string[] = [];
  const warnings: string[] = [];
  let markers = 0;
  let unresolved = 0;
  let medianMs = 0;
  let bytes = 0;
  let deterministic = true;
  for (const item of items) {
    const first = await runOnce(item, mode);
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const run = await runOnce(item, mode);
      times.push(run.ms);
      if (run.text !== first.text) deterministic = false;
    }
    texts.push(first.text);
    outcomes.push(first.outcome);
    warnings.push(...first.warnings);
    markers += first.markers;
    unresolved += first.unresolved;
    medianMs += median(times);
    bytes += Buffer.byteLength(item.text);
  }
  const tokensAfter = texts.reduce((sum, text) => sum + countTokens(text), 0);
  return { mode, texts, tokensAfter, markers, unresolved, medianMs, bytes, outcomes, deterministic, warnings };
}

/** The text a model reads outside markers: a fact only behind a marker is not visible. */
export function visibleText(text: string): string {
  const markers = parseMarkers(text);
  if (markers.length === 0) return text;
  let out = '';
  let last = 0;
  for (const marker of markers) {
    out += text.slice(last, marker.index);
    last = marker.index + marker.text.length;
  }
  return out + text.slice(last);
}

export interface NeedleReport {
  readonly visible: number;
  readonly total: number;
  readonly missing: readonly string[];
}

/** A needle is visible when each of its strings appears in the visible text of some output. */
export function checkNeedles(outputs: readonly string[], needles: readonly Needle[]): NeedleReport {
  const visible = outputs.map(visibleText).join('\n');
  const missing = needles.filter((needle) => !needle.texts.every((text) => visible.includes(text))).map((needle) => needle.label);
  return { visible: needles.length - missing.length, total: needles.length, missing };
}
