import { describe, expect, it } from 'vitest';
import { type Compressor, compressed } from '../compressor.js';
import { createMemoryStore } from '../store/memory-store.js';
import { estimateTokens } from '../tokenizer/estimate-tokens.js';
import { createEstimatingTokenizer, createTokenizer } from '../tokenizer/tiktoken-tokenizer.js';
import { createPipeline } from './create-pipeline.js';
import { createInThreadRunner, type RunnerTask } from './runner.js';

const input = Array.from({ length: 200 }, (_, i) => `drwxr-xr-x 2 root root 4096 Nov 24 10:00 directory-${i}`).join('\n');

/** Keeps the first line and reports the estimates it was given of its input and of its output. */
function halving(seen: { input?: number; output?: number }[]): Compressor {
  return {
    specificationVersion: 'v1',
    name: 'halving',
    contentTypes: ['text'],
    detect: () => 1,
    compress(text, context) {
      const output = text.slice(0, text.indexOf('\n'));
      seen.push({ input: context.tokenizer.estimate(text), output: context.tokenizer.estimate(output) });
      return compressed(output);
    },
  };
}

function task(text: string, tokens?: number): RunnerTask {
  return { text, mode: 'lossy', deadline: Date.now() + 60_000, minConfidence: 0.5, compressorOptions: {}, ...(tokens !== undefined ? { tokens } : {}) };
}

describe('the in-thread runner and token estimates', () => {
  it('answers a compressor from the estimate the task carries and returns the output estimate', async () => {
    const seen: { input?: number; output?: number }[] = [];
    const runner = createInThreadRunner([halving(seen)], createEstimatingTokenizer());
    // A number no pass over the text would give: the runner must not count the input again.
    const outcome = await runner.run(task(input, 7));
    expect(seen).toEqual([{ input: 7, output: estimateTokens(input.slice(0, input.indexOf('\n'))) }]);
    expect(outcome).toMatchObject({ type: 'compressed', tokens: estimateTokens(input.slice(0, input.indexOf('\n'))) });
  });

  it('counts as before when the task carries no estimate', async () => {
    const seen: { input?: number; output?: number }[] = [];
    const outcome = await createInThreadRunner([halving(seen)], createEstimatingTokenizer()).run(task(input));
    expect(seen[0]?.input).toBe(estimateTokens(input));
    expect(outcome).toMatchObject({ type: 'compressed' });
    expect(outcome.type === 'compressed' ? outcome.tokens : 'not compressed').toBeUndefined();
  });

  it('ignores a carried estimate when its tokenizer estimates in its own way', async () => {
    const seen: { input?: number; output?: number }[] = [];
    const own = { ...createEstimatingTokenizer(), estimate: (text: string) => text.length };
    await createInThreadRunner([halving(seen)], own).run(task(input, 7));
    expect(seen[0]?.input).toBe(input.length);
  });
});

describe('the pipeline hands its measure to the runner', () => {
  it('by estimate: the compressor sees the same input estimate as the result, and the output is counted once', async () => {
    const seen: { input?: number; output?: number }[] = [];
    const pipeline = createPipeline({ compressors: [halving(seen)], store: createMemoryStore() });
    const result = await pipeline.compress(input);
    expect(result.compressed).toBe(true);
    expect(seen[0]).toEqual({ input: result.tokensBefore, output: result.tokensAfter });
    expect(result.tokensBefore).toBe(estimateTokens(input));
    expect(result.tokensAfter).toBe(estimateTokens(result.text));
  });

  it('with exact counts: nothing is carried, the result counts with the tokenizer', async () => {
    const seen: { input?: number; output?: number }[] = [];
    const tokenizer = createTokenizer({ encoding: 'o200k_base' });
    const pipeline = createPipeline({ compressors: [halving(seen)], store: createMemoryStore(), tokenizer, policy: { exactTokens: true } });
    const result = await pipeline.compress(input);
    expect(seen[0]?.input).toBe(estimateTokens(input));
    expect(result.tokensBefore).toBe(tokenizer.count(input));
    expect(result.tokensAfter).toBe(tokenizer.count(result.text));
  });
});
