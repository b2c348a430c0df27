import { describe, expect, it } from 'vitest';
import { groupingAccuracy } from './grouping-accuracy.js';

describe('groupingAccuracy', () => {
  it('is 1 when the partitions match, whatever the labels are called', () => {
    expect(groupingAccuracy([7, 7, 3, 9], ['a', 'a', 'b', 'c'])).toBe(1);
  });

  it('counts a merged group as wrong for all its lines', () => {
    // Predicted group 1 holds templates a and b: its 3 lines are wrong; c is right.
    expect(groupingAccuracy([1, 1, 1, 2], ['a', 'a', 'b', 'c'])).toBe(0.25);
  });

  it('counts both halves of a split template as wrong', () => {
    expect(groupingAccuracy([1, 2, 3, 3], ['a', 'a', 'b', 'b'])).toBe(0.5);
  });

  it('rejects label lists of different lengths', () => {
    expect(() => groupingAccuracy([1], [])).toThrow(RangeError);
  });
});
