import { describe, expect, it } from 'vitest';
import { detectSequence, expandSequence } from './sequence.js';

describe('sequences', () => {
  it('folds integer steps, negative steps and exact decimals', () => {
    const lines = Array.from({ length: 100 }, (_, i) => 10 + 3 * i);
    expect(detectSequence(lines)).toBe('seq(10,3)');
    const scores = Array.from({ length: 100 }, (_, i) => Math.round((0.95 - 0.005 * i) * 1000) / 1000);
    const spec = detectSequence(scores)!;
    expect(spec).toBe('seq(0.95,-0.005)');
    expect(expandSequence(spec, 100)).toEqual(scores);
  });

  it('folds timestamps at a fixed step in their own layout', () => {
    const base = Date.UTC(2026, 2, 14, 9);
    const iso = Array.from({ length: 5 }, (_, i) => new Date(base + i * 60_000).toISOString());
    expect(detectSequence(iso)).toBe('seq(2026-03-14T09:00:00.000Z,60s)');
    const plain = iso.map((t) => t.replace('.000Z', 'Z').replace('T', ' '));
    const spec = detectSequence(plain)!;
    expect(expandSequence(spec, 5)).toEqual(plain);
    const offset = ['2026-01-01T00:00:00.000+02:00', '2026-01-01T00:00:00.250+02:00', '2026-01-01T00:00:00.500+02:00'];
    expect(detectSequence(offset)).toBe('seq(2026-01-01T00:00:00.000+02:00,250ms)');
    // A layout change mid-column (no fraction, then a fraction) is not one sequence.
    expect(detectSequence(['2026-01-01T00:00:00+02:00', '2026-01-01T00:00:00.250+02:00', '2026-01-01T00:00:00.500+02:00'])).toBeUndefined();
  });

  it('refuses anything that does not reproduce exactly', () => {
    expect(detectSequence([1, 2, 4])).toBeUndefined();
    expect(detectSequence([1, 2])).toBeUndefined();
    expect(detectSequence([5, 5, 5])).toBeUndefined();
    expect(detectSequence([0.1, 0.2, 0.30000000000000004])).toBeUndefined();
    expect(detectSequence([1, '2', 3])).toBeUndefined();
    expect(detectSequence(['2026-01-01T00:00:00Z', '2026-01-01T00:00:01Z', '2026-01-01T00:00:02.000Z'])).toBeUndefined();
    expect(() => expandSequence('seq(x,y)', 2)).toThrow(SyntaxError);
  });
});
