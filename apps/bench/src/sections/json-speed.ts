import { jsonCompressor } from '@headroom/compressor-json';
import { type CompressInput, createEstimatingTokenizer, createMemoryStore, createPipeline } from '@headroom/core';
import { createTestContext } from '@headroom/core/testing';
import { BENCH_TIMEOUT_MS, benchCompressors, mbPerSecond, median } from '../measure.js';

/** One JSON input of the speed measurement, with the documents a parse + stringify round trip reads. */
export interface SpeedInput {
  readonly text: string;
  readonly input: CompressInput;
  /** One text per JSON document: the whole text, or each line of JSON Lines. */
  readonly documents: readonly string[];
}

export interface JsonSpeed {
  readonly bytes: number;
  readonly rounds: number;
  /** Median over rounds of the wall time of one pass over every input. */
  readonly ms: { readonly roundTrip: number; readonly compressor: number; readonly pipeline: number };
  readonly mbps: { readonly roundTrip: number; readonly compressor: number; readonly pipeline: number };
  /** Round-trip time over the other's: 0.4 means 40% of JSON.parse + JSON.stringify's speed. */
  readonly ratio: { readonly compressor: number; readonly pipeline: number };
}

/**
 * JSON compression speed in default (lossy) mode beside a JSON.parse + JSON.stringify round trip
 * of the same inputs, in the same run: the three passes alternate round by round, so a loaded
 * machine slows them alike and the ratio holds where MB/s alone would not. "compressor" is the
 * json compressor alone (detect + compress, as the pipeline calls it); "pipeline" is
 * pipeline.compress with every default compressor routed by confidence and a fresh store, as the
 * tables above time it (it adds the other compressors' detect, hashing and token estimates).
 */
export async function measureJsonSpeed(inputs: readonly SpeedInput[], rounds: number): Promise<JsonSpeed> {
  const bytes = inputs.reduce((sum, item) => sum + Buffer.byteLength(item.text), 0);
  const roundTrip = (): number => {
    let length = 0;
    for (const item of inputs) for (const document of item.documents) length += JSON.stringify(JSON.parse(document)).length;
    return length;
  };
  const compressorCalls = () =>
    inputs.map((item) => {
      const compressor = jsonCompressor();
      const { context } = createTestContext({ mode: 'lossy', tokenizer: createEstimatingTokenizer(), ...(item.input.query ? { query: item.input.query } : {}), ...(item.input.toolName ? { toolName: item.input.toolName } : {}) });
      return () => {
        compressor.detect(item.text, context);
        return compressor.compress(item.text, context);
      };
    });
  const pipelineCalls = () =>
    inputs.map((item) => {
      const pipeline = createPipeline({ compressors: benchCompressors(), store: createMemoryStore(), policy: { mode: 'lossy', timeoutMs: BENCH_TIMEOUT_MS } });
      return () => pipeline.compress(item.text, item.input);
    });
  const timed = async (calls: readonly (() => unknown)[]): Promise<number> => {
    const started = performance.now();
    for (const call of calls) await call();
    return performance.now() - started;
  };
  // One untimed warm-up round of each, then the timed rounds.
  roundTrip();
  await timed(compressorCalls());
  await timed(pipelineCalls());
  const times = { roundTrip: [] as number[], compressor: [] as number[], pipeline: [] as number[] };
  for (let round = 0; round < rounds; round++) {
    const started = performance.now();
    roundTrip();
    times.roundTrip.push(performance.now() - started);
    // Built outside the timed region, as measureMode does: a fresh compressor, context, pipeline and store per call.
    times.compressor.push(await timed(compressorCalls()));
    times.pipeline.push(await timed(pipelineCalls()));
  }
  const ms = { roundTrip: median(times.roundTrip), compressor: median(times.compressor), pipeline: median(times.pipeline) };
  return {
    bytes,
    rounds,
    ms,
    mbps: { roundTrip: mbPerSecond(bytes, ms.roundTrip), compressor: mbPerSecond(bytes, ms.compressor), pipeline: mbPerSecond(bytes, ms.pipeline) },
    ratio: { compressor: ms.roundTrip / ms.compressor, pipeline: ms.roundTrip / ms.pipeline },
  };
}
