import { readFileSync } from 'node:fs';
import { parseMarkers } from '@headroom/core';
import { createTestContext } from '@headroom/core/testing';
import { describe, expect, it } from 'vitest';
import { logsCompressor } from './logs-compressor.js';

// A real log of this machine: dpkg's, capped.
const log = readFileSync('/var/log/dpkg.log', 'utf8').split('\n').slice(0, 2000).join('\n');

async function run(options: Record<string, unknown>) {
  const { context, offloads } = createTestContext({ mode: 'lossy', options });
  const result = await logsCompressor().compress(log, context);
  if (result.type !== 'compressed') throw new Error(`expected a compressed result, got ${result.reason}`);
  return { text: result.text, offloads, markers: parseMarkers(result.text) };
}

describe('keepFactor (what headroom learn sets per tool)', () => {
  it('above 1 keeps more lines, below 1 no more; markers stay retrievable', async () => {
    const normal = await run({});
    const more = await run({ keepFactor: 4 });
    const less = await run({ keepFactor: 0.5 });
    expect(more.text.length).toBeGreaterThan(normal.text.length);
    expect(less.text.length).toBeLessThanOrEqual(normal.text.length);
    for (const { markers, offloads } of [normal, more, less]) for (const marker of markers) expect(offloads.has(marker.ref)).toBe(true);
  });
});
