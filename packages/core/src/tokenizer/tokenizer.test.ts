import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { estimateTokens } from './estimate-tokens.js';
import { createEstimatingTokenizer, createTokenizer } from './tiktoken-tokenizer.js';
import { encodingForModel } from './tokenizer.js';

describe('encodingForModel', () => {
  it('maps current OpenAI models to o200k_base and older ones to cl100k_base', () => {
    expect(encodingForModel('gpt-4o-mini')).toEqual({ encoding: 'o200k_base', exact: true });
    expect(encodingForModel('gpt-5')).toEqual({ encoding: 'o200k_base', exact: true });
    expect(encodingForModel('gpt-4-turbo')).toEqual({ encoding: 'cl100k_base', exact: true });
    expect(encodingForModel('gpt-3.5-turbo')).toEqual({ encoding: 'cl100k_base', exact: true });
  });

  it('reports Claude and unknown models as o200k_base estimates', () => {
    expect(encodingForModel('claude-sonnet-4-5')).toEqual({ encoding: 'o200k_base', exact: false });
    expect(encodingForModel(undefined)).toEqual({ encoding: 'o200k_base', exact: false });
  });
});

describe('createTokenizer', () => {
  it('counts o200k_base exactly', () => {
    const tokenizer = createTokenizer({ model: 'gpt-4o' });
    expect(tokenizer.count('hello world')).toBe(2);
    expect(tokenizer.count('')).toBe(0);
    expect(tokenizer.exact).toBe(true);
  });

  it('counts text with special-token look-alikes instead of throwing', () => {
    expect(createTokenizer().count('before <|endoftext|> after')).toBeGreaterThan(3);
  });

  it('counts long runs without whitespace in linear pieces, close to the exact count', () => {
    const tokenizer = createTokenizer({ encoding: 'o200k_base' });
    const base64 = Buffer.from(Array.from({ length: 30_000 }, (_, i) => (i * 7919) % 251)).toString('base64');
    const guarded = tokenizer.count(base64);
    // Counting 256-byte pieces may split a token at each boundary: at most one extra token per piece.
    const pieces = Math.ceil(base64.length / 256);
    let exact = 0;
    for (let i = 0; i < base64.length; i += 4096) exact += tokenizer.count(base64.slice(i, i + 4096));
    expect(Math.abs(guarded - exact)).toBeLessThanOrEqual(pieces);
  });
});

describe('estimateTokens', () => {
  const samples = [
    JSON.stringify(Array.from({ length: 200 }, (_, i) => ({ id: i, name: `user ${i}`, email: `u${i}@example.com`, active: i % 3 === 0 })), null, 2),
    Array.from({ length: 300 }, (_, i) => `2024-03-01 12:00:${String(i % 60).padStart(2, '0')} INFO [worker-${i % 4}] request ${i} served in ${i % 50} ms`).join('\n'),
    readFileSync(new URL(import.meta.url), 'utf8'),
    'The quick brown fox jumps over the lazy dog. '.repeat(200),
  ];

  it.each(samples.map((s, i) => [i, s]))('is within 30%% of o200k_base on sample %i', (_, text) => {
    const exact = createTokenizer({ encoding: 'o200k_base' }).count(text as string);
    const estimate = estimateTokens(text as string);
    expect(estimate / exact).toBeGreaterThan(0.7);
    expect(estimate / exact).toBeLessThan(1.3);
  });

  it('is what the estimating tokenizer counts', () => {
    const tokenizer = createEstimatingTokenizer();
    expect(tokenizer.count('a b c')).toBe(estimateTokens('a b c'));
    expect(tokenizer.exact).toBe(false);
  });
});
