import { describe, expect, it } from 'vitest';
import { ANTHROPIC_1H, ANTHROPIC_5M, cacheMultipliers, cacheWeightedCost, compactionPaybackTurns } from './cost-model.js';

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
});
