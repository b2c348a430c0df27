import { type CompressContext, createEstimatingTokenizer, createMarker, refOf } from '@headroom/core';
import { seeded } from '@headroom/core/testing';
import { describe, expect, it } from 'vitest';
import { detectLogs } from './detect-logs.js';
import { loghubSystems, readEvaldata } from './internal/evaldata.test.helper.js';
import { logsCompressor } from './logs-compressor.js';

const context: CompressContext = {
  tokenizer: createEstimatingTokenizer(),
  mode: 'lossy',
  options: {},
  deadline: Number.POSITIVE_INFINITY,
  offload: (original, meta) => createMarker(refOf(original), meta.summary),
};

function run(input: string) {
  const compressor = logsCompressor();
  const confidence = compressor.detect(input, context);
  expect(confidence).toBeGreaterThanOrEqual(0);
  expect(confidence).toBeLessThanOrEqual(1);
  const result = compressor.compress(input, context);
  if (result instanceof Promise) throw new Error('logsCompressor is synchronous');
  if (result.type === 'compressed') expect(result.text.length).toBeLessThan(input.length);
  return result;
}

function randomText(length: number, seed: number): string {
  const random = seeded(seed);
  const codes = new Uint16Array(length);
  for (let i = 0; i < length; i++) codes[i] = Math.floor(random() * 256);
  let text = '';
  for (let i = 0; i < length; i += 8192) text += String.fromCharCode(...codes.subarray(i, i + 8192));
  return text;
}

/** These tests push tens of MB through: the timeout only guards a hang, so a loaded machine fails none of them. */
const HANG_GUARD_MS = 600_000;

describe('logsCompressor on hostile input', () => {
  it('compresses a 50 MB log (every Loghub sample, repeated) and keeps its shape', () => {
    const all = loghubSystems()
      .map((system) => readEvaldata(`logs/${system}/${system}_2k.log`))
      .join('');
    const input = all.repeat(Math.ceil(50_000_000 / all.length));
    expect(input.length).toBeGreaterThanOrEqual(50_000_000);
    const result = run(input);
    expect(result.type).toBe('compressed');
    if (result.type === 'compressed') expect(result.text.length).toBeLessThan(input.length / 20);
  }, HANG_GUARD_MS);

  it('skips 50 MB without a newline, and a single 1 MB line', () => {
    expect(run('x'.repeat(50_000_000))).toMatchObject({ type: 'skipped' });
    expect(run(`2024-01-01 INFO ${'word '.repeat(200_000)}`)).toMatchObject({ type: 'skipped' });
  }, HANG_GUARD_MS);

  it('survives lines of 1 MB among short ones, and 20 MB of random bytes', () => {
    const long = Array.from({ length: 30 }, (_, i) => (i % 10 === 0 ? `2024-01-01 00:00:${i} INFO ${'a1 '.repeat(350_000)}` : `2024-01-01 00:00:${i} INFO tick ${i}`)).join('\n');
    expect(['compressed', 'skipped']).toContain(run(long).type);
    const bytes = randomText(20_000_000, 7);
    expect(detectLogs(bytes)).toBeLessThan(0.3);
    expect(['compressed', 'skipped']).toContain(run(bytes).type);
  }, HANG_GUARD_MS);
});
