import { describe, expect, it } from 'vitest';
import { previewLine } from './internal/planned-edit.js';
import { NO_RUSH_MS, recordingContext, testCompressor } from './real-inputs.test-helpers.js';

/** Every marker's original, put back in place, gives the input byte for byte. */
function expand(text: string, offloads: Map<string, { original: string }>): string {
  return text.replace(/<<headroom: [^<>\n]*? ref=([0-9a-f]{24})>>/g, (marker, ref: string) => offloads.get(ref)?.original ?? marker);
}

describe('codeCompressor on hostile input', () => {
  it('previews a comment whose first line is a banner of 400,000 stars', () => {
    // Quadratic before: the closing-delimiter regex restarted at every star looking for `*/`.
    expect(previewLine(`/** ${'*'.repeat(400_000)} Banner\n * more\n */`)).toBe(`${'*'.repeat(77)}...`);
    expect(previewLine(`# ${'*'.repeat(400_000)}`)).toBe(`${'*'.repeat(77)}...`);
    expect(previewLine('/** Parses the header. */')).toBe('Parses the header.');
    expect(previewLine('"""Return the value."""')).toBe('Return the value.');
  });

  it('compresses a TypeScript file that opens with a 400,000-star banner comment', async () => {
    const banner = `/** ${'*'.repeat(400_000)}\n * Generated file.\n * Do not edit.\n */\n`;
    const code = Array.from({ length: 1200 }, (_, i) => `export function f${i}(a: number): number {\n  const b = a + ${i};\n  const c = b * 2;\n  const d = c - 1;\n  return d;\n}`).join('\n');
    const { context, offloads } = recordingContext({ hints: { filePath: 'banner.ts' } });
    const input = `${banner}${code}\n`;
    const result = await testCompressor().compress(input, context);
    if (result.type !== 'compressed') throw new Error(`skipped: ${result.reason}`);
    expect(result.text).toContain('export function f1199(a: number): number');
    const refs = [...result.text.matchAll(/ref=([0-9a-f]{24})>>/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) expect(input.includes(offloads.get(ref)!.original)).toBe(true);
  }, NO_RUSH_MS);

  it('trims a diff whose hunk holds 300,000 unchanged lines', async () => {
    // Before: out.push(...lines.slice(...)) passed 300,000 arguments and overflowed the stack.
    const context_ = Array.from({ length: 300_000 }, (_, i) => ` line ${i}`);
    const diff = ['diff --git a/big.txt b/big.txt', 'index 1111111..2222222 100644', '--- a/big.txt', '+++ b/big.txt', '@@ -1,300001 +1,300001 @@', '-old first', '+new first', ...context_, ''].join('\n');
    const { context, offloads } = recordingContext({ hints: { language: 'diff' } });
    const result = await testCompressor({ diffContextLines: 200_000 }).compress(diff, context);
    if (result.type !== 'compressed') throw new Error(`skipped: ${result.reason}`);
    expect(result.text).toContain('+new first');
    expect(expand(result.text, offloads)).toBe(diff);
  }, NO_RUSH_MS);
});
