import { describe, expect, it } from 'vitest';
import { createFallbackLog } from './fallback-log.js';

describe('createFallbackLog', () => {
  it('writes one JSON line per code per minute and counts the ones in between', () => {
    let clock = 0;
    const lines: string[] = [];
    const log = createFallbackLog((line) => lines.push(line), () => clock);
    log('store_unavailable', 'disk full');
    log('store_unavailable', 'disk full');
    log('timeout', 'json: compressor timed out');
    clock = 61_000;
    log('store_unavailable', 'disk full');
    const parsed = lines.map((line) => JSON.parse(line));
    expect(lines.every((line) => line.endsWith('\n'))).toBe(true);
    expect(parsed.map((p) => [p.code, p.suppressedSinceLast])).toEqual([
      ['store_unavailable', undefined],
      ['timeout', undefined],
      ['store_unavailable', 1],
    ]);
  });
});
