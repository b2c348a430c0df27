import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ANTHROPIC_CACHE_MULTIPLIERS, cacheMultipliers, OPENAI_CACHED_INPUT_RATIOS } from './cache-multipliers.js';
import { DEFAULT_PRICING } from './default-pricing.js';
import { loadPricing, normalizeModelId, parsePricing, priceOf } from './pricing-table.js';

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('pricing', () => {
  it('matches the published per-MTok prices, cache tiers included', () => {
    // The rows of the providers' pages this table was taken from.
    expect(priceOf(DEFAULT_PRICING, 'claude-sonnet-4-5-20250929')).toEqual({ provider: 'anthropic', input: 3, output: 15, cacheWrite5m: 3.75, cacheWrite1h: 6, cacheRead: 0.3 });
    expect(priceOf(DEFAULT_PRICING, 'claude-opus-4-1-20250805')).toMatchObject({ input: 15, cacheWrite5m: 18.75, cacheWrite1h: 30, cacheRead: 1.5, output: 75 });
    expect(priceOf(DEFAULT_PRICING, 'claude-3-5-haiku-latest')).toMatchObject({ input: 0.8, cacheWrite5m: 1, cacheWrite1h: 1.6, cacheRead: 0.08 });
    expect(priceOf(DEFAULT_PRICING, 'gpt-4o-2024-08-06')).toMatchObject({ input: 2.5, cacheRead: 1.25, output: 10, cacheWrite5m: 2.5 });
    expect(priceOf(DEFAULT_PRICING, 'gpt-4.1-mini')).toMatchObject({ input: 0.4, cacheRead: 0.1 });
    expect(priceOf(DEFAULT_PRICING, 'gpt-5')).toMatchObject({ input: 1.25, cacheRead: 0.125 });
    expect(priceOf(DEFAULT_PRICING, 'o4-mini')).toMatchObject({ cacheRead: 0.275 });
  });

  it('has a cache ratio for every OpenAI row and never prices an unlisted model', () => {
    for (const [model, price] of Object.entries(DEFAULT_PRICING.models)) {
      if (price.provider === 'openai') expect(cacheMultipliers('openai', model), model).toBeDefined();
    }
    expect(priceOf(DEFAULT_PRICING, 'gpt-4o-mini')!.input).toBe(0.15);
    expect(priceOf(DEFAULT_PRICING, 'claude-sonnet-9')).toBeUndefined();
    expect(priceOf(DEFAULT_PRICING, 'llama-3-70b')).toBeUndefined();
    expect(cacheMultipliers('openai', 'davinci-002')).toBeUndefined();
    expect(cacheMultipliers('anthropic', 'claude-anything')).toBe(ANTHROPIC_CACHE_MULTIPLIERS);
    expect(OPENAI_CACHED_INPUT_RATIOS['gpt-5']).toBe(0.1);
  });

  it('normalizes provider, cloud and snapshot spellings to one id', () => {
    expect(normalizeModelId('us.anthropic.claude-sonnet-4-5-20250929-v1:0')).toBe('claude-sonnet-4-5');
    expect(normalizeModelId('claude-sonnet-4-5@20250929')).toBe('claude-sonnet-4-5');
    expect(normalizeModelId('openai/GPT-4o-2024-11-20')).toBe('gpt-4o');
    expect(normalizeModelId('claude-opus-4-1')).toBe('claude-opus-4-1');
  });

  it('lays an override file over the table and says so in the version', async () => {
    dir = await mkdtemp(join(tmpdir(), 'headroom-pricing-'));
    await writeFile(join(dir, 'pricing.json'), JSON.stringify({ models: { 'my-model': { input: 2, output: 4, cacheRead: 0.2 }, 'gpt-4o': { input: 1, output: 2 } } }));
    const table = await loadPricing({ home: dir });
    expect(priceOf(table, 'my-model')).toEqual({ provider: 'other', input: 2, output: 4, cacheRead: 0.2, cacheWrite5m: 2, cacheWrite1h: 2 });
    expect(priceOf(table, 'gpt-4o-2024-08-06')).toMatchObject({ provider: 'openai', input: 1, cacheRead: 1 });
    expect(priceOf(table, 'claude-sonnet-4-5')).toEqual(priceOf(DEFAULT_PRICING, 'claude-sonnet-4-5'));
    expect(table.version).toBe(`${DEFAULT_PRICING.version}+${join(dir, 'pricing.json')}`);
    expect(await loadPricing({ home: join(dir, 'absent') })).toBe(DEFAULT_PRICING);
    await expect(loadPricing({ file: join(dir, 'absent.json') })).rejects.toMatchObject({ code: 'invalid_argument' });
    await writeFile(join(dir, 'bad.json'), '{"models": {"x": {"input": "cheap"}}}');
    await expect(loadPricing({ file: join(dir, 'bad.json') })).rejects.toThrow(/"x".input must be a number/);
    expect(() => parsePricing([], 'inline')).toThrow(/JSON object/);
  });
});
