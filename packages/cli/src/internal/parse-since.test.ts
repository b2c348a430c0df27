import { describe, expect, it } from 'vitest';
import { parseSince } from './parse-since.js';

const NOW = Date.UTC(2026, 10, 24, 12, 0, 0);

describe('parseSince', () => {
  it('reads durations back from now', () => {
    expect(parseSince('30m', NOW)).toBe(NOW - 30 * 60_000);
    expect(parseSince('24h', NOW)).toBe(NOW - 24 * 3_600_000);
    expect(parseSince('7d', NOW)).toBe(NOW - 7 * 86_400_000);
    expect(parseSince('2w', NOW)).toBe(NOW - 14 * 86_400_000);
  });

  it('reads ISO dates (a bare date is UTC midnight)', () => {
    expect(parseSince('2026-11-01', NOW)).toBe(Date.UTC(2026, 10, 1));
    expect(parseSince('2026-11-01T10:00:00Z', NOW)).toBe(Date.UTC(2026, 10, 1, 10));
  });

  it.each(['yesterday', '7', '7y', '', '11/01/2026', '2026-13-45'])('rejects %j as a usage error', (value) => {
    expect(() => parseSince(value, NOW)).toThrow(expect.objectContaining({ code: 'invalid_argument' }));
  });
});
