import { describe, expect, it } from 'vitest';
import { ANTHROPIC_1H, ANTHROPIC_5M, cacheMultipliers, cacheWeightedCost, compactionPaybackTurns, toolArrivalPaybackTurns } from './cost-model.js';

describe('cost model', () => {
  it('prices in cache-weighted token-equivalents', () => {
    expect(cacheWeightedCost({ input: 100, cacheRead: 1000, cacheWrite: 200 }, ANTHROPIC_5M)).toBe(100 + 100 + 250);
    expect(cacheWeightedCost({ input: 0, cacheRead: 0, cacheWrite: 100 }, ANTHROPIC_1H)).toBe(200);
    expect(cacheMultipliers('openai', 'gpt-4o-2024-08-06', false)).toEqual({ write: 1, read: 0.5 });
    expect(cacheMultipliers('openai', 'gpt-5-mini', false).read).toBe(0.1);
    expect(cacheMultipliers('openai', 'some-new-model', false).read).toBe(0.5);
    expect(cacheMultipliers('anthropic', 'claude-sonnet-4-5', true)).toBe(ANTHROPIC_1H);
  });

  it('a cold cache pays at once; a warm one pays back over turns of smaller reads', () => {
    const base = { total: 100_000, unchangedPrefix: 10_000, removed: 60_000 };
    expect(compactionPaybackTurns({ ...base, warm: false }, ANTHROPIC_5M)).toBe(0);
    // Extra now: 0.1*10k + 1.25*30k - 0.1*100k = 28.5k; saved per turn: 0.1*60k = 6k.
    expect(compactionPaybackTurns({ ...base, warm: true }, ANTHROPIC_5M)).toBeCloseTo(4.75, 5);
    // Removing little from early in a long prefix never pays within a few turns.
    expect(compactionPaybackTurns({ total: 100_000, unchangedPrefix: 1000, removed: 2000, warm: true }, ANTHROPIC_5M)).toBeGreaterThan(400);
    expect(compactionPaybackTurns({ ...base, removed: 0, warm: false }, ANTHROPIC_5M)).toBe(Number.POSITIVE_INFINITY);
    // OpenAI has no write premium: the same rewrite pays back sooner.
    expect(compactionPaybackTurns({ ...base, warm: true }, { write: 1, read: 0.5 })).toBeLessThan(1);
  });

  it('the retrieve tool pays once what its markers save outweighs rewriting the prefix it moves', () => {
    const base = { cachedPrefix: 30_000, savedInPrefix: 0, savedNew: 4000, toolTokens: 80 };
    // Extra now: 1.25*30,080 - 0.1*30,000 - 1.25*4000 = 29,600; saved per turn 0.1*3920 = 392.
    expect(toolArrivalPaybackTurns(base, ANTHROPIC_5M)).toBeCloseTo(29_600 / 392, 5);
    // Results held back earlier shrink the rewrite and add to every later turn's saving.
    const withHeld = toolArrivalPaybackTurns({ ...base, savedInPrefix: 20_000 }, ANTHROPIC_5M);
    expect(withHeld).toBeCloseTo((1.25 * 10_080 - 3000 - 5000) / (0.1 * 23_920), 5);
    expect(withHeld).toBeLessThan(toolArrivalPaybackTurns(base, ANTHROPIC_5M) / 10);
    // A small prefix: cheaper at once. A tool that costs more than it saves: never.
    expect(toolArrivalPaybackTurns({ ...base, cachedPrefix: 1000 }, ANTHROPIC_5M)).toBe(0);
    expect(toolArrivalPaybackTurns({ ...base, savedNew: 50 }, ANTHROPIC_5M)).toBe(Number.POSITIVE_INFINITY);
  });
});
