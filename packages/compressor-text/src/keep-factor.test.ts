import { execFileSync } from 'node:child_process';
import { parseMarkers } from '@headroom/core';
import { createTestContext } from '@headroom/core/testing';
import { describe, expect, it } from 'vitest';
import { textCompressor } from './text-compressor.js';

// Real output of a real program: a long listing of Debian's docs on this machine.
const listing = execFileSync('ls', ['-la', '/usr/share/doc'], { encoding: 'utf8' });

async function run(options: Record<string, unknown>) {
  const { context, offloads } = createTestContext({ mode: 'lossy', options, toolName: 'Bash', hints: { command: 'ls -la /usr/share/doc' } });
  const result = await textCompressor().compress(listing, context);
  if (result.type !== 'compressed') throw new Error(`expected a compressed result, got ${result.reason}`);
  return { text: result.text, offloads, markers: parseMarkers(result.text) };
}

describe('keepFactor (what headroom learn sets per tool)', () => {
  it('above 1 keeps more lines, below 1 fewer; markers stay retrievable', async () => {
    const normal = await run({});
    const more = await run({ keepFactor: 4 });
    const less = await run({ keepFactor: 0.5 });
    expect(more.text.split('\n').length).toBeGreaterThan(normal.text.split('\n').length);
    expect(less.text.length).toBeLessThanOrEqual(normal.text.length);
    for (const { markers, offloads } of [normal, more, less]) for (const marker of markers) expect(offloads.has(marker.ref)).toBe(true);
  });

  it('rejects a keepFactor that is not a positive number', async () => {
    await expect(run({ keepFactor: 0 })).rejects.toThrow('keepFactor');
  });
});
