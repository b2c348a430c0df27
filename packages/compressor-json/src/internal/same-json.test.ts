import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createJsonSource, parseJsonRange } from './parse-json.js';
import { stringifyJson } from './raw-number.js';
import { sameJson } from './same-json.js';
import { randomJson } from './testing/random-json.js';

const parse = (text: string) => parseJsonRange(createJsonSource(text), 0, text.length)!.value;

describe('sameJson', () => {
  it('agrees with comparing the JSON texts, on random values and on near copies of them', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 1, max: 1_000_000 }), (seed, other) => {
        const a = randomJson(seed)();
        const b = randomJson(other)();
        expect(sameJson(a, b)).toBe(stringifyJson(a) === stringifyJson(b));
        const copy = JSON.parse(JSON.stringify(a)) as unknown;
        expect(sameJson(a, copy)).toBe(stringifyJson(a) === stringifyJson(copy));
      }),
      { numRuns: 500 },
    );
  });

  it('compares keys in order, -0 as JSON writes it, and numbers kept as text by their text', () => {
    expect(sameJson({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(false);
    expect(sameJson([0], [-0])).toBe(true);
    expect(sameJson({ a: [] }, { a: {} })).toBe(false);
    expect(sameJson(parse('[1.50, 1e400]'), parse('[1.50, 1e400]'))).toBe(true);
    expect(sameJson(parse('[1.50]'), parse('[1.5]'))).toBe(false);
    expect(sameJson(parse('[1.50]'), parse('[1.500]'))).toBe(false);
    expect(sameJson(parse('{"a":{"x":1}}'), parse('{"a":{"x":1,"y":null}}'))).toBe(false);
  });
});
