import { parseMarkers } from '@headroom/core';
import { createTestContext } from '@headroom/core/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { textCompressor } from './text-compressor.js';

// Line shapes of the families the compressor claims, plus hostile lines, joined in random order.
const name = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz_-.'.split('')), minLength: 1, maxLength: 16 });
const shape = fc.oneof(
  fc.tuple(name, fc.nat(99_999)).map(([n, size]) => `-rw-r--r--  1 dev dev ${size} Mar  2 10:00 ${n}.py`),
  fc.tuple(name, name).map(([a, b]) => `src/${a}/${b}.ts`),
  fc.tuple(name, fc.nat(999)).map(([n, v]) => `ii  ${n.padEnd(20)} 1.${v}-1   amd64   the ${n} package`),
  fc.tuple(name, fc.nat(9)).map(([n, i]) => `test_${n} (test.test_${n}.Case${i}) ... ${i === 0 ? 'FAIL' : 'ok'}`),
  fc.tuple(name, name).map(([k, v]) => `${k}: ${v}`),
  fc.tuple(fc.string({ unit: fc.constantFrom(...'0123456789abcdef'.split('')), minLength: 7, maxLength: 7 }), name).map(([h, m]) => `${h} ${m}`),
  fc.constantFrom('Ran 120 tests in 1.2s', 'FAILED (failures=1)', 'error TS2322: Type string is not assignable', 'commit 0123456789abcdef', ''),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 60 }),
);
const output = fc
  .tuple(fc.array(shape, { minLength: 1, maxLength: 10 }), fc.array(fc.nat(), { minLength: 10, maxLength: 300 }), fc.option(fc.constantFrom('x'.repeat(200_000), ' '.repeat(50_000), '('.repeat(20_000))), fc.nat())
  .map(([shapes, picks, hostile, cut]) => {
    const lines = picks.map((p) => shapes[p % shapes.length]!);
    if (hostile !== null) lines.splice(cut % (lines.length + 1), 0, hostile);
    return lines.join('\n');
  });
const command = fc.option(fc.constantFrom('ls -la', 'find .', 'dpkg -l', 'git log --oneline', 'python3 -m unittest -v', 'apt-cache show x', 'cat notes'), { nil: undefined });
const query = fc.option(fc.string({ maxLength: 20 }), { nil: undefined });

describe('textCompressor properties', () => {
  it('never throws, never grows, keeps a true subset of lines plus markers it offloaded, deterministic', async () => {
    let compressed = 0;
    await fc.assert(
      fc.asyncProperty(output, command, query, async (input, cmd, q) => {
        const overrides = { ...(q !== undefined ? { query: q } : {}), ...(cmd !== undefined ? { hints: { command: cmd } } : {}) };
        const first = createTestContext(overrides);
        const result = await textCompressor().compress(input, first.context);
        if (result.type === 'skipped') return;
        compressed++;
        expect(first.context.tokenizer.estimate(result.text)).toBeLessThanOrEqual(first.context.tokenizer.estimate(input));
        const markers = parseMarkers(result.text);
        for (const marker of markers) expect(first.offloads.get(marker.ref)?.original).toBeDefined();
        const inputLines = new Set(input.split('\n'));
        for (const line of result.text.split('\n')) {
          if (parseMarkers(line).length === 0) expect(inputLines.has(line)).toBe(true);
        }
        expect(await textCompressor().compress(input, createTestContext(overrides).context)).toEqual(result);
      }),
      { numRuns: 80 },
    );
    expect(compressed).toBeGreaterThan(5);
  });
});
