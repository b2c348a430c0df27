import { type Compressor, compressed, createEstimatingTokenizer, createMemoryStore, createPipeline, type HeadroomStore } from '@headroom/core';
import { describe, expect, it } from 'vitest';
import { createFirstSight } from './first-sight.js';

const text = `${'same line\n'.repeat(200)}end`;

function counting(): Compressor & { calls: number } {
  const compressor = {
    specificationVersion: 'v1' as const,
    name: 'counting',
    contentTypes: ['logs'],
    calls: 0,
    detect: () => 1,
    compress(input: string) {
      compressor.calls++;
      return compressed(input.replace(/same line\n/g, ''));
    },
  };
  return compressor;
}

const sight = (store: HeadroomStore, compressor: Compressor) =>
  createFirstSight(createPipeline({ compressors: [compressor], store, tokenizer: createEstimatingTokenizer(), policy: { mode: 'lossless' } }), 1_000_000);

describe('createFirstSight', () => {
  it('answers repeats from its cache with the same bytes', async () => {
    const compressor = counting();
    const slots = sight(createMemoryStore(), compressor);
    const first = await slots.compress(text, { toolName: 'Bash' });
    const again = await slots.compress(text, { toolName: 'Bash' });
    expect(first.compressed).toBe(true);
    expect(again).toMatchObject({ text: first.text, compressed: true, memoHit: true });
    expect(compressor.calls).toBe(1);
  });

  it('keeps pinned content raw, even when a compressed form is cached', async () => {
    const slots = sight(createMemoryStore(), counting());
    expect((await slots.compress(text, {})).compressed).toBe(true);
    await slots.pin(text, undefined);
    expect(await slots.compress(text, {})).toMatchObject({ text, compressed: false });
  });

  it('honours pins another process left in the shared store', async () => {
    const store = createMemoryStore();
    await sight(store, counting()).pin(text, undefined);
    const compressor = counting();
    expect(await sight(store, compressor).compress(text, {})).toMatchObject({ text, compressed: false });
    expect(compressor.calls).toBe(0);
  });

  it('answers a resent pinned slot from its cache: raw every time, its tokens counted once', async () => {
    const store = createMemoryStore();
    await sight(store, counting()).pin(text, 'a');
    const tokenizer = createEstimatingTokenizer();
    let estimates = 0;
    const estimate = tokenizer.estimate.bind(tokenizer);
    const counted = {
      ...tokenizer,
      estimate: (input: string) => {
        estimates++;
        return estimate(input);
      },
    };
    const compressor = counting();
    const slots = createFirstSight(createPipeline({ compressors: [compressor], store, tokenizer: counted, policy: { mode: 'lossless' } }), 1_000_000);
    const first = await slots.compress(text, { tenant: 'a' });
    expect(first).toMatchObject({ text, compressed: false });
    const afterFirst = estimates;
    expect(afterFirst).toBe(1);
    // A copy, as the next request parses it.
    for (let turn = 0; turn < 3; turn++) expect(await slots.compress(text.split('').join(''), { tenant: 'a' })).toEqual(first);
    expect(estimates).toBe(afterFirst);
    expect(compressor.calls).toBe(0);
    // Another tenant's copy of the same text was never pinned: it is compressed.
    expect((await slots.compress(text, { tenant: 'b' })).compressed).toBe(true);
  });

  it('answers a repeat by its hash alone: the token estimate is taken once, at first sight', async () => {
    const tokenizer = createEstimatingTokenizer();
    let estimates = 0;
    const estimate = tokenizer.estimate.bind(tokenizer);
    const counted = {
      ...tokenizer,
      estimate: (input: string) => {
        estimates++;
        return estimate(input);
      },
    };
    const slots = createFirstSight(createPipeline({ compressors: [counting()], store: createMemoryStore(), tokenizer: counted, policy: { mode: 'lossless' } }), 1_000_000);
    const first = await slots.compress(text, { toolName: 'Bash' });
    const afterFirst = estimates;
    expect(afterFirst).toBeGreaterThan(0);
    const again = await slots.compress(text, { toolName: 'Bash' });
    expect(again).toMatchObject({ text: first.text, tokensBefore: first.tokensBefore, tokensAfter: first.tokensAfter, memoHit: true });
    expect(estimates).toBe(afterFirst);
  });

  it('keeps cached results per tenant, and a pin by one tenant leaves the result of another alone', async () => {
    const compressor = counting();
    const slots = sight(createMemoryStore(), compressor);
    const a = await slots.compress(text, { tenant: 'a', toolName: 'Bash' });
    const b = await slots.compress(text, { tenant: 'b', toolName: 'Bash' });
    expect(a.compressed && b.compressed).toBe(true);
    // Each tenant's first sight ran the pipeline: nothing was answered across tenants.
    expect(compressor.calls).toBe(2);
    await slots.pin(text, 'a');
    expect(await slots.compress(text, { tenant: 'a', toolName: 'Bash' })).toMatchObject({ text, compressed: false });
    expect(await slots.compress(text, { tenant: 'b', toolName: 'Bash' })).toMatchObject({ text: b.text, compressed: true, memoHit: true });
    expect(compressor.calls).toBe(2);
  });

  it('answers a repeat from a freshly built copy of the text (as a new request parses it) without the pipeline', async () => {
    const compressor = counting();
    const slots = sight(createMemoryStore(), compressor);
    const first = await slots.compress(text, {});
    const copy = JSON.parse(JSON.stringify(text)) as string;
    expect(await slots.compress(copy, {})).toMatchObject({ text: first.text, memoHit: true });
    expect(compressor.calls).toBe(1);
  });
});
