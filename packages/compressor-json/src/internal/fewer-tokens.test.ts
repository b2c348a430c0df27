import { describe, expect, it } from 'vitest';
import { fewerTokens } from './fewer-tokens.js';

describe('fewerTokens', () => {
  it('decides clear length differences without estimating, near-ties with the margin', () => {
    const calls: string[] = [];
    const estimate = (text: string) => {
      calls.push(text);
      return text.length;
    };
    const band = { surely: 0.8, never: 1.1, margin: 0.97 };
    expect(fewerTokens('a'.repeat(70), 'b'.repeat(100), estimate, band)).toBe(true);
    expect(fewerTokens('a'.repeat(120), 'b'.repeat(100), estimate, band)).toBe(false);
    expect(calls).toEqual([]);
    expect(fewerTokens('a'.repeat(96), 'b'.repeat(100), estimate, band)).toBe(true);
    expect(fewerTokens('a'.repeat(98), 'b'.repeat(100), estimate, band)).toBe(false);
    expect(calls).toHaveLength(4);
  });
});
