import { describe, expect, it } from 'vitest';
import { groupingAccuracy } from './grouping-accuracy.js';

describe('groupingAccuracy', () => {
  it('is 1 when the groups match the truth, whatever the labels are called', () => {
    expect(groupingAccuracy([7, 7, 3, 9], ['E1', 'E1', 'E2', 'E3'])).toBe(1);
  });

  it('counts every line of a merged group as wrong', () => {
    // Predicted group 0 merges E1 and E2: three lines wrong, E3 right.
    expect(groupingAccuracy([0, 0, 0, 1], ['E1', 'E1', 'E2', 'E3'])).toBe(0.25);
  });

  it('counts every line of a split template as wrong', () => {
    expect(groupingAccuracy([0, 1, 2, 2], ['E1', 'E1', 'E2', 'E2'])).toBe(0.5);
  });

  it('refuses label lists of different lengths', () => {
    expect(() => groupingAccuracy([0], ['E1', 'E2'])).toThrow(RangeError);
  });
});
