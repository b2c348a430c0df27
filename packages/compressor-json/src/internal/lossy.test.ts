import type { CompressContext, OffloadMeta } from '@headroom/core';
import { describe, expect, it } from 'vitest';
import { analyze } from './analyze.js';
import { renderLossy } from './lossy.js';

const settings = { minRowsToDrop: 8, maxStringLength: 40, stringHead: 10, errorStringLength: 100 };

function context(): CompressContext & { offloaded: [string, OffloadMeta][] } {
  const offloaded: [string, OffloadMeta][] = [];
  const offload = (original: string, meta: OffloadMeta) => {
    offloaded.push([original, meta]);
    return `<<headroom: ${meta.summary} ref=${'0'.repeat(24)}>>`;
  };
  return { offloaded, offload } as never;
}

describe('renderLossy', () => {
  it('cuts long strings, less in error rows, and offloads each whole string', () => {
    const rows = Array.from({ length: 10 }, (_, i) => ({ level: i === 5 ? 'ERROR' : 'INFO', text: `${i}:${'x'.repeat(60)}` }));
    const ctx = context();
    const { text, dropped } = renderLossy(analyze(rows), ctx, [], settings);
    expect(dropped).toBe(true);
    expect(text).toContain(`0,INFO,0:xxxxxxxx...<<headroom: 52 of 62 chars omitted`);
    expect(text).toContain(`5,ERROR,5:${'x'.repeat(60)}\n`);
    expect(ctx.offloaded.map(([, meta]) => meta.kind)).toEqual(['rows', 'string', 'string']);
    expect(ctx.offloaded[1]![0]).toBe(JSON.stringify(rows[0]!.text));
  });

  it('never drops a key of an object that is not a table', () => {
    const ctx = context();
    const { text, dropped } = renderLossy(analyze({ a: 1, b: { c: 'y'.repeat(50) }, d: [1, 2] }), ctx, [], settings);
    expect(dropped).toBe(false);
    expect(JSON.parse(text.split('\n')[1] ?? text)).toMatchObject({ a: 1, d: [1, 2] });
  });
});
