import { parseMarkers } from '@headroom/core';
import { createTestContext } from '@headroom/core/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { logsCompressor } from './logs-compressor.js';

const recording = (mode: 'lossy' | 'lossless', query?: string) => createTestContext({ mode, ...(query !== undefined ? { query } : {}) });

const level = fc.constantFrom('INFO', 'DEBUG', 'WARN', 'ERROR', 'FATAL', 'info', '[error]', 'Traceback (most recent call last):', '');
const word = fc.oneof(
  fc.constantFrom('request', 'served', 'connection', 'refused', 'retrying', 'blk_', 'worker', 'timeout', 'at com.x.Y(Y.java:1)', '  File "a.py", line 3'),
  fc.integer({ min: -1e6, max: 1e9 }).map(String),
  fc.string({ unit: fc.constantFrom(...'0123456789abcdef'.split('')), minLength: 1, maxLength: 70 }),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 8 }),
);
const logLine = fc
  .tuple(fc.integer({ min: 0, max: 86_399 }), level, fc.array(word, { maxLength: 10 }))
  .map(([t, lvl, words]) => `2024-03-01T${String(Math.floor(t / 3600)).padStart(2, '0')}:${String(Math.floor(t / 60) % 60).padStart(2, '0')}:${String(t % 60).padStart(2, '0')}Z ${lvl} ${words.join(' ')}`);
// Logs that repeat (what the compressor is for), cut anywhere, with hostile lines mixed in.
const log = fc
  .tuple(fc.array(logLine, { minLength: 1, maxLength: 12 }), fc.array(fc.nat(), { minLength: 20, maxLength: 400 }), fc.array(fc.oneof(fc.string({ unit: 'binary', maxLength: 300 }), fc.constant('x'.repeat(100_000)), fc.constant(`${'['.repeat(5000)}${']'.repeat(5000)}`)), { maxLength: 3 }), fc.nat(), fc.boolean())
  .map(([templates, picks, hostile, cut, truncate]) => {
    const lines = picks.map((p) => templates[p % templates.length]!);
    for (const [i, h] of hostile.entries()) lines.splice((cut + i) % (lines.length + 1), 0, h);
    const text = lines.join(truncate ? '\r\n' : '\n');
    return truncate ? text.slice(0, text.length - (cut % Math.max(1, text.length))) : text;
  });

describe('logsCompressor properties', () => {
  it('never throws, never grows, every marker redeems, the whole log comes back, and output is deterministic (lossy)', () => {
    let compressed = 0;
    fc.assert(
      fc.property(log, fc.option(fc.string({ maxLength: 40 }), { nil: undefined }), (input, query) => {
        const first = recording('lossy', query);
        const result = logsCompressor().compress(input, first.context);
        if (result instanceof Promise) throw new Error('logsCompressor is synchronous');
        if (result.type === 'skipped') return;
        compressed++;
        expect(result.text.length).toBeLessThan(input.length);
        const markers = parseMarkers(result.text);
        for (const marker of markers) expect(first.offloads.has(marker.ref)).toBe(true);
        expect([...first.offloads.values()].map((o) => o.original)).toContain(input);
        const again = logsCompressor().compress(input, recording('lossy', query).context);
        expect(again).toEqual(result);
      }),
      { numRuns: 60 },
    );
    // The generator makes logs worth compressing: the checks above ran on real output.
    expect(compressed).toBeGreaterThan(10);
  });

  it('in lossless mode gives back the input exactly when its [×N] runs are expanded', () => {
    let folded = 0;
    fc.assert(
      fc.property(log, (input) => {
        const { context, offloads } = recording('lossless');
        const result = logsCompressor().compress(input, context);
        if (result instanceof Promise) throw new Error('logsCompressor is synchronous');
        expect(offloads.size).toBe(0);
        if (result.type === 'skipped') return;
        folded++;
        const [, ...body] = result.text.split('\n');
        const expanded = body.flatMap((line) => {
          const run = / \[×(\d+)\]$/.exec(line);
          return run ? Array<string>(Number(run[1])).fill(line.slice(0, run.index)) : [line];
        });
        expect(expanded.join('\n')).toBe(input);
      }),
      { numRuns: 60 },
    );
    expect(folded).toBeGreaterThan(10);
  });
});
