import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeRef, refOf } from './hash.js';
import { createMarker, parseMarkers, sanitizeSummary } from './markers.js';

describe('markers', () => {
  const ref = refOf('the original');

  it('round-trips through parseMarkers', () => {
    const marker = createMarker(ref, '87 of 100 rows omitted (rows 2-88)');
    expect(marker).toBe(`<<headroom: 87 of 100 rows omitted (rows 2-88) ref=${ref}>>`);
    const [parsed] = parseMarkers(`before ${marker} after`);
    expect(parsed).toMatchObject({ ref, summary: '87 of 100 rows omitted (rows 2-88)', index: 7, text: marker });
  });

  it('keeps summaries safe inside JSON strings and block comments', () => {
    const marker = createMarker(ref, 'a "quoted" */ thing\nwith <<brackets>> and \\ slashes');
    expect(marker).not.toMatch(/["\\\n]|\*\//);
    expect(JSON.parse(JSON.stringify(marker))).toBe(marker);
    expect(parseMarkers(marker)).toHaveLength(1);
  });

  it('bounds summary length', () => {
    expect(sanitizeSummary('x'.repeat(1000)).length).toBeLessThanOrEqual(160);
  });

  it('sanitizes exactly as the two-replace rule does, also when a summary is already clean', () => {
    const byRule = (summary: string) => {
      const clean = summary
        .replace(/[^A-Za-z0-9 .,:;()\-+#%/=_@']/g, ' ')
        .replace(/\s+/g, ' ')
        .trim();
      return clean.length > 160 ? `${clean.slice(0, 157)}...` : clean;
    };
    const summaryChars = fc.constantFrom('a', 'Z', '7', ' ', '  ', '\t', '\n', '(', '-', "'", '"', '<', 'é', '\u00a0', '/');
    fc.assert(
      fc.property(fc.array(summaryChars, { maxLength: 200 }).map((parts) => parts.join('')), (summary) => {
        expect(sanitizeSummary(summary)).toBe(byRule(summary));
      }),
      { numRuns: 2000 },
    );
    for (const length of [159, 160, 161]) expect(sanitizeSummary('y'.repeat(length))).toBe(byRule('y'.repeat(length)));
  });

  it('refuses a ref that is not 96 bits of hex', () => {
    expect(() => createMarker('abc', 'x')).toThrow(/not a Headroom ref/);
  });

  it('finds every marker and normalizes an uppercase echo', () => {
    const a = createMarker(refOf('a'), 'one');
    const b = createMarker(refOf('b'), 'two').replace(/ref=([0-9a-f]+)/, (_, r: string) => `ref=${r.toUpperCase()}`);
    expect(parseMarkers(`${a}\n${b}`).map((m) => m.ref)).toEqual([refOf('a'), refOf('b')]);
  });

  it('ignores look-alikes from other tools', () => {
    expect(parseMarkers('<<ccr:abcdef123456 5_rows_offloaded>> [N items compressed. hash=abc]')).toEqual([]);
  });
});

describe('refs', () => {
  it('are 96-bit lowercase hex of SHA-256 and stable', () => {
    expect(refOf('hello')).toBe('2cf24dba5fb0a30e26e83b2a');
    expect(refOf('hello')).toMatch(/^[0-9a-f]{24}$/);
  });

  it('normalize typed-back refs', () => {
    expect(normalizeRef('  2CF24DBA5FB0A30E26E83B2A ')).toBe('2cf24dba5fb0a30e26e83b2a');
    expect(normalizeRef('2cf24dba')).toBeUndefined();
  });
});
