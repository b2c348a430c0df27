import { describe, expect, it } from 'vitest';
import { type Compressor, compressed } from '../compressor.js';
import { createMemoryStore } from '../store/memory-store.js';
import { createEstimatingTokenizer } from '../tokenizer/tiktoken-tokenizer.js';
import { createPipeline } from './create-pipeline.js';
import { CLAIM_CONFIDENCE } from './runner.js';

const tokenizer = createEstimatingTokenizer();
const text = Array.from({ length: 200 }, (_, i) => `line ${i} of a tool output that repeats`).join('\n');

/** A compressor that records which of its methods the runner called. */
function spy(name: string, detect: number, claim?: number | (() => number)): Compressor & { calls: string[] } {
  const calls: string[] = [];
  return {
    specificationVersion: 'v1',
    name,
    contentTypes: ['text'],
    calls,
    detect: () => {
      calls.push('detect');
      return detect;
    },
    ...(claim !== undefined
      ? {
          claim: () => {
            calls.push('claim');
            return typeof claim === 'function' ? claim() : claim;
          },
        }
      : {}),
    compress: () => compressed(`${name} output`),
  };
}

describe('claims: a compressor sure from the hints routes without any detect', () => {
  it('a claim of CLAIM_CONFIDENCE routes there and runs no detect, not even its own', async () => {
    const parser = spy('parser', 0.9);
    const owner = spy('owner', 0.97, CLAIM_CONFIDENCE);
    const pipeline = createPipeline({ compressors: [parser, owner], store: createMemoryStore(), tokenizer });
    const result = await pipeline.compress(text, { hints: { command: 'ls -la' } });
    expect(result.compressor).toBe('owner');
    expect(parser.calls).toEqual([]);
    expect(owner.calls).toEqual(['claim']);
  });

  it('a weaker claim changes nothing: every detect runs and the most confident wins', async () => {
    const parser = spy('parser', 0.9);
    const owner = spy('owner', 0.5, 0.5);
    const pipeline = createPipeline({ compressors: [parser, owner], store: createMemoryStore(), tokenizer });
    const result = await pipeline.compress(text);
    expect(result.compressor).toBe('parser');
    expect(parser.calls).toEqual(['detect']);
    expect(owner.calls).toEqual(['claim', 'detect']);
  });

  it('on equal claims the earlier compressor wins; a higher later claim wins', async () => {
    const first = spy('first', 0, 0.97);
    const second = spy('second', 0, 0.97);
    expect((await createPipeline({ compressors: [first, second], store: createMemoryStore(), tokenizer }).compress(text)).compressor).toBe('first');
    const third = spy('third', 0, 0.99);
    expect((await createPipeline({ compressors: [first, third], store: createMemoryStore(), tokenizer }).compress(text)).compressor).toBe('third');
  });

  it('a throwing claim is recorded and routing falls back to detect', async () => {
    const broken = spy('broken', 0.2, () => {
      throw new Error('claim failed');
    });
    const other = spy('other', 0.8);
    const pipeline = createPipeline({ compressors: [broken, other], store: createMemoryStore(), tokenizer });
    const result = await pipeline.compress(text);
    expect(result.compressor).toBe('other');
    expect(other.calls).toEqual(['detect']);
  });

  it('a forced compressor ignores claims', async () => {
    const owner = spy('owner', 0.97, 1);
    const forced = spy('forced', 0);
    const pipeline = createPipeline({ compressors: [owner, forced], store: createMemoryStore(), tokenizer });
    const result = await pipeline.compress(text, { compressor: 'forced' });
    expect(result.compressor).toBe('forced');
    expect(owner.calls).toEqual([]);
  });
});
