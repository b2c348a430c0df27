import { type CompressContext, type CompressResult, createEstimatingTokenizer, createMemoryStore, createPipeline, type OffloadMeta, parseMarkers } from '@headroom/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonCompressor } from './json-compressor.js';

/**
 * Properties of the JSON compressor on any input (issue 9): it never throws (not applicable is
 * `skipped`), never grows the text in tokens through the pipeline, every marker's original is
 * retrievable byte-exact and is the input's own text, and the output is deterministic.
 */

const tokenizer = createEstimatingTokenizer();

/** Calls the compressor directly, recording what it offloads. */
function direct(input: string, mode: 'lossy' | 'lossless', query?: string): { result: CompressResult; offloads: [string, OffloadMeta][] } {
  const offloads: [string, OffloadMeta][] = [];
  const context: CompressContext = {
    tokenizer,
    mode,
    options: {},
    deadline: Number.POSITIVE_INFINITY,
    ...(query ? { query } : {}),
    offload(original, meta) {
      if (mode === 'lossless') throw new Error('offload in lossless mode');
      offloads.push([original, meta]);
      return `<<headroom: ${meta.summary} ref=${String(offloads.length).padStart(24, '0')}>>`;
    },
  };
  const compressor = jsonCompressor();
  compressor.detect(input, context);
  return { result: compressor.compress(input, context) as CompressResult, offloads };
}

/** An original is the input's own text: a slice of it, or (rows) a JSON array of slices of it. */
function isInputText(original: string, input: string): boolean {
  if (input.includes(original)) return true;
  if (!original.startsWith('[') || !original.endsWith(']')) return false;
  // Rows: each element is a slice of the input; walk the top-level elements of the array.
  let depth = 0;
  let from = 1;
  for (let i = 1; i < original.length - 1; i++) {
    const c = original.charCodeAt(i);
    if (c === 34) {
      i++;
      while (original.charCodeAt(i) !== 34) i += original.charCodeAt(i) === 92 ? 2 : 1;
    } else if (c === 91 || c === 123) depth++;
    else if (c === 93 || c === 125) depth--;
    else if (c === 44 && depth === 0) {
      if (!input.includes(original.slice(from, i))) return false;
      from = i + 1;
    }
  }
  return input.includes(original.slice(from, original.length - 1));
}

const bigNumber = fc.oneof(
  fc.bigInt({ min: -(10n ** 22n), max: 10n ** 22n }).map(String),
  fc.constantFrom('1e400', '-0', '1.50', '1.0', '3.14159265358979323846264338327950288', '1E5', '-98765432109876543210'),
);
const trickyString = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.constantFrom('ERROR: boom', 'caf\u00e9', '\ud800', '$table', '@0', 'a,b', '<<headroom: x ref=0>>', 'x'.repeat(2000)));
/** Records that share a shape: what tables are made of, with hand-written numbers. */
const recordsText = fc
  .array(fc.tuple(bigNumber, trickyString, fc.constantFrom('INFO', 'WARN', 'ERROR'), fc.integer()), { minLength: 2, maxLength: 60 })
  .chain((rows) =>
    fc.constantFrom(', ', ',\n  ', ',').map((sep) => `[${rows.map(([n, s, level, i]) => `{"id": ${n}, "text": ${JSON.stringify(s)}, "level": "${level}", "i": ${i}}`).join(sep)}]`),
  );
const jsonish = fc.oneof(
  { arbitrary: recordsText, weight: 4 },
  { arbitrary: fc.json({ depthSize: 'medium' }), weight: 3 },
  { arbitrary: fc.jsonValue().map((v) => JSON.stringify(v, null, 2)), weight: 2 },
  { arbitrary: recordsText.chain((t) => fc.nat({ max: t.length }).map((n) => t.slice(0, n))), weight: 2 },
  { arbitrary: recordsText.map((t) => `Found these:\n${t}\n(done)`), weight: 1 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 400 }).map((s) => `[${s}]`), weight: 1 },
  { arbitrary: fc.uint8Array({ maxLength: 400 }).map((bytes) => Buffer.from(bytes).toString('utf8')), weight: 1 },
);

describe('jsonCompressor: properties on random, truncated and adversarial JSON-ish input', () => {
  it('never throws; markers hold the input text; deterministic', () => {
    fc.assert(
      fc.property(jsonish, fc.constantFrom('lossy', 'lossless') as fc.Arbitrary<'lossy' | 'lossless'>, fc.constantFrom(undefined, 'error id'), (input, mode, query) => {
        const first = direct(input, mode, query);
        const second = direct(input, mode, query);
        expect(second.result).toEqual(first.result);
        expect(second.offloads).toEqual(first.offloads);
        if (first.result.type === 'skipped') return;
        expect(first.result.text.length).toBeLessThan(input.length);
        // Every marker in the text is one of the offloads (an offload whose render lost to the lossless text leaves none).
        expect(parseMarkers(first.result.text).length).toBeLessThanOrEqual(first.offloads.length);
        for (const [original] of first.offloads) expect(isInputText(original, input), original.slice(0, 80)).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it('through the pipeline: never larger in tokens, no failure, every marker redeems byte-exact', async () => {
    await fc.assert(
      fc.asyncProperty(jsonish, fc.constantFrom('lossy', 'lossless') as fc.Arbitrary<'lossy' | 'lossless'>, async (input, mode) => {
        const pipeline = createPipeline({ compressors: [jsonCompressor()], store: createMemoryStore(), tokenizer, policy: { timeoutMs: 60_000, minTokens: 0 } });
        const result = await pipeline.compress(input, { mode, compressor: 'json' });
        expect(result.warnings).toEqual([]);
        expect(result.tokensAfter).toBeLessThanOrEqual(result.tokensBefore);
        for (const marker of result.markers) {
          const original = (await pipeline.retrieve(marker.ref))?.original;
          expect(original).toBeDefined();
          expect(isInputText(original!, input)).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('10,000 levels deep, huge, and one long unbroken line: skipped or compressed, never thrown', () => {
    const deep = [`${'['.repeat(10_000)}1${']'.repeat(10_000)}`, `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`, `[${'{"a":['.repeat(5_000)}`];
    for (const input of deep) for (const mode of ['lossy', 'lossless'] as const) expect(direct(input, mode).result.type).toBe('skipped');
    const huge = `[${Array.from({ length: 20_000 }, (_, i) => `{"id":${10n ** 18n + BigInt(i)},"n":1.50,"s":"row ${i}"}`).join(',')}]`;
    const line = `{"blob":"${'ab'.repeat(500_000)}","n":12345678901234567890}`;
    for (const input of [huge, line]) {
      for (const mode of ['lossy', 'lossless'] as const) {
        const { result, offloads } = direct(input, mode);
        if (result.type === 'skipped') continue;
        expect(result.text.length).toBeLessThan(input.length);
        for (const [original] of offloads) expect(isInputText(original, input)).toBe(true);
      }
    }
    const { result } = direct(huge, 'lossless');
    expect(result.type).toBe('compressed');
    if (result.type === 'compressed') for (const id of ['1000000000000000000', '1000000000000019999']) expect(result.text).toContain(id);
  });
});
