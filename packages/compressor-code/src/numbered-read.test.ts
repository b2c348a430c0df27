import { parseMarkers } from '@headroom/core';
import { describe, expect, it } from 'vitest';
import { detectLanguage } from './detect-language.js';
import { packageFile, read, recordingContext, stdlibFile , testCompressor } from './real-inputs.test-helpers.js';

/** What `cat -n` prints (tab) or an agent's Read tool returns (arrow), from line `first` on. */
function numbered(text: string, separator: '\t' | '→', first = 1, count = Number.POSITIVE_INFINITY): string {
  const lines = text.split('\n').slice(first - 1, first - 1 + count);
  return lines.map((line, i) => `${String(first + i).padStart(6)}${separator}${line}`).join('\n');
}

const PREFIX = /^ *(\d+)[→\t]/;

/** Every output line carries a number, and a line without a marker is exactly the input line with that number. */
function expectTrueNumbers(output: string, input: string) {
  const byNumber = new Map(input.split('\n').map((line) => [Number(PREFIX.exec(line)?.[1]), line] as const));
  let previous = 0;
  for (const line of output.split('\n')) {
    const number = Number(PREFIX.exec(line)?.[1]);
    expect(number).toBeGreaterThan(previous);
    previous = number;
    const original = byNumber.get(number) ?? '';
    if (line.includes('<<headroom:') || line === original) continue;
    // The one other kind of line: a doc comment's first line, numbered where the comment began.
    expect(line.replace(PREFIX, '')).toMatch(/^\s*\/\*\* .* \*\/$/);
    expect(original.replace(PREFIX, '').trim().startsWith('/*')).toBe(true);
  }
}

describe('numbered reads (cat -n, agent Read tools)', () => {
  const source = read(stdlibFile('argparse.py'));

  for (const separator of ['→', '\t'] as const) {
    it(`skeletonizes a ${separator === '\t' ? 'cat -n' : 'Read-tool'} listing and numbers each line with its original number`, async () => {
      const input = numbered(source, separator);
      const { context, offloads } = recordingContext({ hints: { filePath: 'argparse.py' } });
      const result = await testCompressor({ maxCommentLines: 10_000 }).compress(input, context);
      if (result.type !== 'compressed') throw new Error(`skipped: ${result.reason}`);
      expect(result.text.length).toBeLessThan(input.length / 2);
      expectTrueNumbers(result.text, input);
      // Markers store the numbered input: putting each back restores the listing byte for byte.
      const restored = result.text.replace(/\.\.\. {2}# [^\n]*?(<<headroom: [^\n]*?>>)/g, (_, marker: string) => offloads.get(parseMarkers(marker)[0]!.ref)!.original);
      expect(restored).toBe(input);
    });
  }

  it('uses the file’s own numbers for an excerpt that starts past line 1, and keeps a trailing note', async () => {
    const excerpt = `${numbered(source, '→', 1001, 400)}\n\n<system-reminder>\nWhatever the tool appended.\n</system-reminder>`;
    const { context, offloads } = recordingContext({ hints: { filePath: 'argparse.py' } });
    const result = await testCompressor().compress(excerpt, context);
    if (result.type !== 'compressed') throw new Error(`skipped: ${result.reason}`);
    expect(result.text.endsWith('\n\n<system-reminder>\nWhatever the tool appended.\n</system-reminder>')).toBe(true);
    expectTrueNumbers(result.text.slice(0, result.text.indexOf('\n\n<system-reminder>')), excerpt);
    for (const { meta } of offloads.values()) {
      const [, first] = /lines (\d+)-/.exec(meta.summary)!;
      expect(Number(first)).toBeGreaterThanOrEqual(1001);
    }
  });

  for (const lines of [1000, 1700, 2000]) {
    it(`skeletonizes a JavaScript read cut off at line ${lines}, inside a class and an expression`, async () => {
      const input = numbered(read(packageFile('commander', 'lib/command.js')), '→', 1, lines);
      const { context } = recordingContext({ hints: { filePath: 'command.js' } });
      const result = await testCompressor().compress(input, context);
      if (result.type !== 'compressed') throw new Error(`skipped: ${result.reason}`);
      expect(result.text.length).toBeLessThan(input.length / 2);
      expect(result.warnings?.[0]).toMatch(/open blocks/);
      expectTrueNumbers(result.text, input);
      // The cut-off tail is still there, word for word.
      const tail = input.split('\n').slice(-3).join('\n');
      expect(result.text.endsWith(tail)).toBe(true);
    });
  }

  it('skeletonizes a Python read that starts inside a class method, and restores byte-exact', async () => {
    const input = numbered(source, '→', 2001, 2000);
    const { context, offloads } = recordingContext({ hints: { filePath: 'argparse.py' } });
    const result = await testCompressor({ maxCommentLines: 10_000 }).compress(input, context);
    if (result.type !== 'compressed') throw new Error(`skipped: ${result.reason}`);
    expect(result.text.length).toBeLessThan(input.length / 2);
    expectTrueNumbers(result.text, input);
    expect(result.text).toMatch(/ {2}\d+→ {4}def parse_intermixed_args\(self, args=None, namespace=None\):\n +\d+→ {8}\.\.\. {2}# <<headroom: body lines 2\d{3}-2\d{3} ref=/);
    const restored = result.text.replace(/\.\.\. {2}# [^\n]*?(<<headroom: [^\n]*?>>)/g, (_, marker: string) => offloads.get(parseMarkers(marker)[0]!.ref)!.original);
    expect(restored).toBe(input);
  });

  it('detects the language of a numbered listing by its code', () => {
    expect(detectLanguage(numbered(source, '→', 1, 300))?.language).toBe('python');
    expect(detectLanguage(numbered(read(packageFile('commander', 'lib/command.js')), '\t'))?.language).toMatch(/typescript|javascript/);
    // A Read that stops inside a class: judged by what comes before the open statement.
    expect(detectLanguage(numbered(read(packageFile('commander', 'lib/command.js')), '\t', 1, 300))?.language).toMatch(/typescript|javascript/);
  });
});
