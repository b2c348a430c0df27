import { execFileSync } from 'node:child_process';
import { parseMarkers } from '@headroom/core';
import { createTestContext } from '@headroom/core/testing';
import { describe, expect, it } from 'vitest';
import { jsonCompressor } from './json-compressor.js';

// Real data from this machine: every installed Debian package, as a JSON array of objects.
// biome-ignore lint/suspicious/noTemplateCurlyInString: dpkg-query's own format syntax, not a template.
const packages = execFileSync('dpkg-query', ['-W', '-f', '${Package}\\t${Version}\\t${Installed-Size}\\t${Description}\\n'], { encoding: 'utf8' })
  .trim()
  .split('\n')
  .slice(0, 400)
  .map((line) => {
    const [name, version, size, description] = line.split('\t');
    return { name, version, size: Number(size), description };
  });
const input = JSON.stringify(packages, null, 2);

function run(options: Record<string, unknown>) {
  const { context, offloads } = createTestContext({ mode: 'lossy', options });
  const result = jsonCompressor().compress(input, context);
  if (result instanceof Promise || result.type !== 'compressed') throw new Error('expected a compressed result');
  const shown = (result.text.match(/\n/g) ?? []).length;
  return { text: result.text, shown, offloads, markers: parseMarkers(result.text) };
}

describe('keepFactor (what headroom learn sets per tool)', () => {
  it('above 1 keeps more rows visible; below 1 gives a result no larger; both keep every marker retrievable', () => {
    const normal = run({});
    const more = run({ keepFactor: 4 });
    const less = run({ keepFactor: 0.5 });
    expect(more.shown).toBeGreaterThan(normal.shown);
    expect(more.text.length).toBeGreaterThan(normal.text.length);
    expect(less.text.length).toBeLessThanOrEqual(normal.text.length);
    for (const { markers, offloads } of [normal, more, less]) {
      expect(markers.length).toBeGreaterThan(0);
      for (const marker of markers) expect(offloads.has(marker.ref)).toBe(true);
    }
  });

  it('is deterministic and rejects 0', () => {
    expect(run({ keepFactor: 3 }).text).toBe(run({ keepFactor: 3 }).text);
    expect(() => run({ keepFactor: 0 })).toThrow('keepFactor');
  });
});
