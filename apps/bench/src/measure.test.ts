import { createMarker } from '@headroom/core';
import { describe, expect, it } from 'vitest';
import { checkNeedles, median, savings, visibleText } from './measure.js';

const marker = createMarker('0123456789abcdef01234567', '3 rows omitted mentioning PG-5523');

describe('visibleText', () => {
  it('cuts markers out, so a fact only in a marker summary is not visible', () => {
    expect(visibleText(`a\n${marker}\nb`)).toBe('a\n\nb');
    expect(checkNeedles([`rows\n${marker}`], [{ label: 'code', texts: ['PG-5523'] }])).toEqual({ visible: 0, total: 1, missing: ['code'] });
  });

  it('needs every string of a needle, in any of the outputs', () => {
    const needles = [{ label: 'fatal', texts: ['FATAL', 'payment-gateway'] }];
    expect(checkNeedles(['FATAL x', 'payment-gateway'], needles).visible).toBe(1);
    expect(checkNeedles(['FATAL x'], needles).missing).toEqual(['fatal']);
  });
});

describe('figures', () => {
  it('takes the median and savings', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(savings(200, 50)).toBe(0.75);
  });
});
