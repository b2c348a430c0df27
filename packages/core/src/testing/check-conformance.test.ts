import { describe, expect, it } from 'vitest';
import { type Compressor, compressed, skipped } from '../compressor.js';
import { refOf } from '../hash.js';
import { checkConformance } from './check-conformance.js';

const base = (overrides: Partial<Compressor>): Compressor => ({
  specificationVersion: 'v1',
  name: 'test',
  contentTypes: ['text'],
  detect: () => 0.5,
  compress: (input) => (input.length > 100 ? compressed(input.slice(0, 50)) : skipped('short')),
  ...overrides,
});

const checksFailed = async (compressor: Compressor, options = {}) =>
  new Set((await checkConformance(compressor, { timeoutMs: 500, ...options })).failures.map((f) => f.check));

describe('checkConformance', () => {
  it('passes a well-behaved compressor', async () => {
    const report = await checkConformance(base({}), { samples: ['x'.repeat(500)] });
    expect(report.failures).toEqual([]);
    expect(report.passed).toBe(true);
    expect(report.compressedSamples).toEqual({ lossy: 1, lossless: 1 });
  });

  it('catches a compressor that throws on garbage', async () => {
    const fragile = base({ compress: (input) => compressed(JSON.stringify(JSON.parse(input)).slice(0, 1)) });
    expect(await checksFailed(fragile)).toContain('never throws');
  });

  it('catches a detect that throws or leaves 0..1', async () => {
    expect(await checksFailed(base({ detect: () => 1.5 }))).toContain('detect');
    expect(await checksFailed(base({ detect: () => { throw new Error('x'); } }))).toContain('detect');
  });

  it('catches output that is not smaller', async () => {
    expect(await checksFailed(base({ compress: (input) => compressed(`${input}!`) }))).toContain('smaller or skipped');
  });

  it('catches non-deterministic output', async () => {
    let calls = 0;
    const flaky = base({ compress: (input) => (input.length > 100 ? compressed(input.slice(0, 10 + (calls++ % 2))) : skipped('short')) });
    expect(await checksFailed(flaky)).toContain('deterministic');
  });

  it('catches a marker that was never offloaded', async () => {
    const forger = base({ compress: (input) => (input.length > 100 ? compressed(`<<headroom: fake ref=${refOf('x')}>>`) : skipped('short')) });
    expect(await checksFailed(forger)).toContain('markers resolve');
  });

  it('catches offloading in lossless mode', async () => {
    const cheat = base({
      compress: (input, context) => (input.length > 100 ? compressed(context.offload(input, { summary: 'everything' })) : skipped('short')),
    });
    expect(await checksFailed(cheat)).toContain('lossless');
  });

  it('catches a hang', async () => {
    const hang = base({ compress: () => new Promise(() => {}) });
    expect(await checksFailed(hang, { timeoutMs: 50 })).toContain('never throws');
  }, 20_000);

  it('catches a malformed plugin', async () => {
    const report = await checkConformance({ ...base({}), specificationVersion: 'v0', name: '' } as unknown as Compressor);
    expect(report.failures.map((f) => f.check)).toEqual(expect.arrayContaining(['shape']));
  });
});
