import { readFileSync } from 'node:fs';
import { createEstimatingTokenizer, createMemoryStore, measureText } from '@headroom/core';
import { describe, expect, it, vi } from 'vitest';
import { createSharedTexts, standInText } from './shared-texts.js';
import { storeReadingStandIns, tokenizerReadingMeasures } from './stand-in-views.js';

// Real text: this package's own source and README.
const text = readFileSync(new URL('./worker-pool.ts', import.meta.url), 'utf8');
const other = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const shared = () => ({ buffer: new SharedArrayBuffer(8), start: 0, end: 8, measure: measureText(text) });

describe('the pipeline reading stand-ins', () => {
  it('stores the text behind a stand-in, refuses one whose text is not held, and passes other texts through', async () => {
    const texts = createSharedTexts();
    const store = createMemoryStore();
    const wrapped = storeReadingStandIns(store, texts);
    const held = standInText('t', 0);
    texts.add(held, shared());
    const meta = { summary: 'whole original', kind: 'whole' as const };
    await expect(wrapped.originals.put('a', 'ref1', held, meta)).rejects.toMatchObject({ code: 'store_unavailable' });
    texts.resolve(held, text);
    await wrapped.originals.put('a', 'ref1', held, meta);
    await wrapped.originals.put('a', 'ref2', other, meta);
    expect((await store.originals.get('a', 'ref1'))?.original).toBe(text);
    expect((await wrapped.originals.get('a', 'ref2'))?.original).toBe(other);
    // Everything else is the store's own.
    expect(wrapped.memo).toBe(store.memo);
    expect(wrapped.ledger).toBe(store.ledger);
  });

  it('counts a registered text or stand-in by its measure, without estimating it again', () => {
    const texts = createSharedTexts();
    const base = createEstimatingTokenizer();
    const estimate = vi.fn(base.estimate);
    const tokenizer = tokenizerReadingMeasures({ ...base, estimate }, texts);
    const held = standInText('t', 1);
    texts.add(held, shared());
    texts.add(text, shared());
    expect(tokenizer.estimate(held)).toBe(base.estimate(text));
    expect(tokenizer.estimate(text)).toBe(base.estimate(text));
    expect(tokenizer.count(held)).toBe(base.estimate(text));
    expect(estimate).not.toHaveBeenCalled();
    expect(tokenizer.estimate(other)).toBe(base.estimate(other));
    expect(estimate).toHaveBeenCalledTimes(1);
  });
});
