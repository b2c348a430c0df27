import { describe, expect, it } from 'vitest';
import { type Compressor, compressed } from '../compressor.js';
import { refOf } from '../hash.js';
import { createMemoryStore } from '../store/memory-store.js';
import { estimateTokens } from '../tokenizer/estimate-tokens.js';
import { createEstimatingTokenizer } from '../tokenizer/tiktoken-tokenizer.js';
import type { Tokenizer } from '../tokenizer/tokenizer.js';
import { createPipeline } from './create-pipeline.js';

const text = Array.from({ length: 300 }, (_, i) => `line ${i}: a tool output that repeats itself, ${i * 7} times`).join('\n');

/** A compressor that budgets from its input's estimate, as the rag and text compressors do, and records what it was told. */
function budgeting(seen: number[]): Compressor {
  return {
    specificationVersion: 'v1',
    name: 'budgeting',
    contentTypes: ['text'],
    detect: () => 0.9,
    compress(input, context) {
      seen.push(context.tokenizer.estimate(input), context.tokenizer.estimate('another text'));
      return compressed(input.slice(0, 200));
    },
  };
}

describe("the pipeline's measure reaches the compressors", () => {
  it("the input's estimate is the pipeline's own, every other text is estimated", async () => {
    let calls = 0;
    const counting: Tokenizer = {
      ...createEstimatingTokenizer(),
      estimate: (t) => {
        calls++;
        return estimateTokens(t);
      },
    };
    // With the tokenizer estimating by estimateTokens, the measure is handed on: no second pass.
    const seen: number[] = [];
    const pipeline = createPipeline({ compressors: [budgeting(seen)], store: createMemoryStore(), tokenizer: createEstimatingTokenizer() });
    expect((await pipeline.compress(text)).compressed).toBe(true);
    expect(seen).toEqual([estimateTokens(text), estimateTokens('another text')]);
    // A host's measure (`pipeline.measure`, taken off-thread) is the one the compressor sees.
    seen.length = 0;
    await pipeline.compress(`${text}.`, { measured: { ...(await pipeline.measure(`${text}.`)), tokens: 4321 } });
    expect(seen).toEqual([4321, estimateTokens('another text')]);
    // Any other tokenizer is asked itself, the input's estimate included.
    const other: number[] = [];
    await createPipeline({ compressors: [budgeting(other)], store: createMemoryStore(), tokenizer: counting }).compress(text);
    expect(other).toEqual([estimateTokens(text), estimateTokens('another text')]);
    expect(calls).toBeGreaterThanOrEqual(3);
    const lengths: number[] = [];
    const byLength: Tokenizer = { ...createEstimatingTokenizer(), estimate: (t) => Math.ceil(t.length / 3) };
    await createPipeline({ compressors: [budgeting(lengths)], store: createMemoryStore(), tokenizer: byLength }).compress(text);
    expect(lengths).toEqual([Math.ceil(text.length / 3), Math.ceil('another text'.length / 3)]);
  });
});

describe("the pipeline's hash reaches the offloads", () => {
  /** Offloads its whole input and its first line, and keeps the first line. */
  const offloading: Compressor = {
    specificationVersion: 'v1',
    name: 'offloading',
    contentTypes: ['text'],
    detect: () => 0.9,
    compress(input, context) {
      const first = input.slice(0, input.indexOf('\n'));
      return compressed(`${first}\n${context.offload(input, { summary: 'whole', kind: 'whole' })}\n${context.offload(first, { summary: 'first line', kind: 'section' })}`);
    },
  };

  it('an offload of the whole input takes its ref from the measure; any other is hashed', async () => {
    const store = createMemoryStore();
    const pipeline = createPipeline({ compressors: [offloading], store });
    const result = await pipeline.compress(text);
    expect(result.markers.map((m) => m.ref)).toEqual([refOf(text), refOf(text.slice(0, text.indexOf('\n')))]);
    for (const marker of result.markers) expect(refOf((await pipeline.retrieve(marker.ref))!.original)).toBe(marker.ref);
    // A host's measure (`pipeline.measure`, taken off-thread) is the hash used: the text is not hashed again.
    const measured = await pipeline.measure(`${text}.`);
    const other = await pipeline.compress(`${text}.`, { measured: { ...measured, hash: `${'ab'.repeat(12)}${measured.hash.slice(24)}` } });
    expect(other.markers[0]?.ref).toBe('ab'.repeat(12));
  });
});
