import { parseMarkers } from '@headroom/core';
import { createTestContext } from '@headroom/core/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ragCompressor } from './rag-compressor.js';

// Search hits and document pieces, mixed, cut anywhere, with hostile pieces.
const word = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz'.split('')), minLength: 1, maxLength: 10 });
const sentence = fc.array(word, { minLength: 3, maxLength: 14 }).map((w) => `${w.join(' ')}.`);
const piece = fc.oneof(
  fc.tuple(word, word, fc.nat(9999), sentence).map(([d, f, n, s]) => `src/${d}/${f}.ts:${n + 1}:${s}`),
  fc.tuple(word, fc.nat(999), sentence).map(([f, n, s]) => `lib/${f}.py-${n + 1}-${s}`),
  fc.tuple(word, fc.array(sentence, { maxLength: 5 })).map(([h, ss]) => `## ${h}\n\n${ss.join(' ')}`),
  fc.tuple(word, sentence).map(([t, s]) => `<h2>${t}</h2><p>${s}</p><script>var x = 1;</script>`),
  fc.constantFrom('```js\nconst a = 1;\n```', '--', '', '<nav><a href="/">home</a></nav>'),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 60 }),
);
const input = fc
  .tuple(fc.array(piece, { minLength: 1, maxLength: 10 }), fc.array(fc.nat(), { minLength: 10, maxLength: 200 }), fc.option(fc.constantFrom('y'.repeat(200_000), '<'.repeat(30_000), '#'.repeat(30_000))), fc.nat(), fc.boolean())
  .map(([pieces, picks, hostile, cut, truncate]) => {
    const parts = picks.map((p) => pieces[p % pieces.length]!);
    if (hostile !== null) parts.splice(cut % (parts.length + 1), 0, hostile);
    const text = parts.join('\n');
    return truncate ? text.slice(0, text.length - (cut % Math.max(1, text.length))) : text;
  });
const query = fc.option(fc.array(word, { minLength: 1, maxLength: 4 }).map((w) => w.join(' ')), { nil: undefined });

describe('ragCompressor properties', () => {
  it('never throws, never grows, every marker was offloaded, deterministic', async () => {
    let compressed = 0;
    await fc.assert(
      fc.asyncProperty(input, query, async (text, q) => {
        const overrides = q !== undefined ? { query: q } : {};
        const first = createTestContext(overrides);
        const compressor = ragCompressor();
        expect(() => compressor.detect(text, first.context)).not.toThrow();
        const result = await compressor.compress(text, first.context);
        if (result.type === 'skipped') return;
        compressed++;
        expect(first.context.tokenizer.estimate(result.text)).toBeLessThanOrEqual(first.context.tokenizer.estimate(text));
        for (const marker of parseMarkers(result.text)) expect(first.offloads.get(marker.ref)?.original).toBeDefined();
        expect(await ragCompressor().compress(text, createTestContext(overrides).context)).toEqual(result);
      }),
      { numRuns: 60 },
    );
    expect(compressed).toBeGreaterThan(5);
  });
});
