import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { queryTerms } from './query-terms.js';
import { maskDigitRuns } from './tokenize-line.js';

// The regexes these scans replaced: they backtracked once per character on the wrong input,
// O(n²) per token. Kept here as the definition the scans must agree with.
const DIGIT_RUN = /-?(?:0x)?[0-9a-f]*\d[0-9a-f]*/gi;
const EDGE_PUNCTUATION = /^[.\-/:@]+|[.\-/:@]+$/g;

describe('linear scans that replaced backtracking regexes', () => {
  it('maskDigitRuns masks exactly what the digit-run regex matched', () => {
    const token = fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEFxX-_g.:/ '.split('')), maxLength: 200 });
    fc.assert(fc.property(token, (t) => maskDigitRuns(t) === t.replace(DIGIT_RUN, '<*>')), { numRuns: 2000 });
  });

  it('masks a 4,000-letter hex token that ends in a digit after a non-hex letter, in one pass', () => {
    // Quadratic before: each of the 4,000 start positions scanned the whole hex run for a digit.
    const lines = Array.from({ length: 2000 }, (_, i) => `${'a'.repeat(4000)}g${i}`);
    for (const line of lines) expect(maskDigitRuns(line)).toBe(`${'a'.repeat(4000)}g<*>`);
  });

  it('queryTerms trims edge punctuation like the regex did', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'ab.-/:@ x1'.split('')), maxLength: 40 }), (query) => {
        const expected = [
          ...new Set(
            query
              .toLowerCase()
              .split(/[^\p{L}\p{N}_.\-/:@]+/u)
              .map((piece) => piece.replace(EDGE_PUNCTUATION, ''))
              .filter((term) => term.length >= 3),
          ),
        ].slice(0, 16);
        // No stopword can be spelled from this alphabet.
        expect(queryTerms(query)).toEqual(expected);
      }),
      { numRuns: 1000 },
    );
  });

  it('reads the terms of a query holding a run of 300,000 dots inside a word', () => {
    // Quadratic before: each dot of the run started a scan of the rest of the run for the end.
    const word = `host${'.'.repeat(300_000)}x`;
    expect(queryTerms(`${'.'.repeat(1_000)}timeout ${word}:`)).toEqual(['timeout', word]);
  });
});
