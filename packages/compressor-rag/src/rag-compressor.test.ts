import { readFileSync } from 'node:fs';
import { parseMarkers } from '@headroom/core';
import { checkConformance } from '@headroom/core/testing';
import { describe, expect, it } from 'vitest';
import { ragCompressor } from './rag-compressor.js';
import { testContext } from './testing/context.js';

const EVALDATA = new URL('../../../../shared/evaldata/', import.meta.url);
const grepOutput = readFileSync(new URL('shell-outputs/rtk_grep-rn_unwrap.txt', EVALDATA), 'utf8');

function run(input: string, options: Parameters<typeof testContext>[0] = {}) {
  const { context, offloads } = testContext(options);
  const result = ragCompressor().compress(input, context);
  if (result instanceof Promise || result.type !== 'compressed') throw new Error(`expected compressed, got ${JSON.stringify(result)}`);
  return { text: result.text, offloads };
}

/** Our own search hits: 60 rows over 6 files, a third of them about forms. */
function formHits(): string {
  const files = ['src/FormComponent12.tsx', 'src/Chart.tsx', 'src/useFormState.ts', 'src/Avatar.tsx', 'src/api/client.ts', 'src/SignupForms.tsx'];
  const lines = ['const x = compute(a, b);', 'return <Card title={title} />;', 'useEffect(() => refresh(), [id]);', 'export default memo(Widget);'];
  return JSON.stringify(
    Array.from({ length: 60 }, (_, i) => {
      const file = files[i % files.length]!;
      const content = i % 3 === 0 ? `<FormComponent12 onSubmit={save${i}} />` : `${lines[i % lines.length]} // ${i}`;
      return { path: file, line: 10 + i, snippet: content, score: 1 - i / 100, repository: 'acme/web', author: `dev${i % 7}` };
    }),
  );
}

describe('ragCompressor', () => {
  it('passes the conformance suite on search results and documents', async () => {
    const doc = readFileSync(new URL('__fixtures__/markdown-query/input', import.meta.url), 'utf8');
    const report = await checkConformance(ragCompressor(), { samples: [grepOutput, formHits(), doc], query: 'forms savings' });
    expect(report.failures).toEqual([]);
    expect(report.compressedSamples.lossy).toBe(3);
  });

  it('keeps every hit about forms when the query says "forms" (FormComponent12, useFormState)', () => {
    const input = formHits();
    const { text } = run(input, { query: 'which components use forms' });
    const visible = text.replace(/<<headroom:[^>]*>>/g, '');
    for (let i = 0; i < 60; i += 3) expect(visible).toContain(`save${i}`);
    expect(visible).toContain('useFormState.ts');
    expect(text.length).toBeLessThan(input.length / 3);
  });

  it('cuts per file, says how many hits and which lines, and each marker redeems the exact lines', () => {
    const { text, offloads } = run(grepOutput, { query: 'savings' });
    // The per-file marker sits right under its file's path, printed whole.
    expect(text).toMatch(/\nsrc\/cc_economics\.rs\n(?:.*\n)*?<<headroom: \d+ more hits \(lines \d+-\d+\) ref=/);
    const inputLines = new Set(grepOutput.split('\n'));
    for (const marker of parseMarkers(text)) {
      const stored = offloads.get(marker.ref)!;
      expect(stored).toBeDefined();
      if (stored.meta.kind === 'hits') for (const line of stored.original.split('\n')) expect(inputLines.has(line)).toBe(true);
      if (stored.meta.kind === 'whole') expect(stored.original).toBe(grepOutput);
    }
    for (const line of grepOutput.split('\n').filter((l) => /savings/i.test(l))) expect(text).toContain(line.slice(line.indexOf(':', line.indexOf(':') + 1) + 1).trim());
  });

  it('reads grep -C context lines whose paths contain dashes', () => {
    const input = [
      'lib/my-pkg/a-b.py-9-import os',
      'lib/my-pkg/a-b.py:10:def load_config(path):',
      'lib/my-pkg/a-b.py-11-    return open(path).read()',
      '--',
      ...Array.from({ length: 40 }, (_, i) => `lib/my-pkg/c-d.py:${20 + i}:    value_${i} = compute(${i})`),
    ].join('\n');
    const { text } = run(input, { query: 'load config' });
    expect(text).toContain('9-import os');
    expect(text).toContain('10:def load_config(path):');
    expect(text).toContain('11-return open(path).read()');
  });

  it('reads rg --json events: matches grouped by file, the rest behind markers that hold the exact event lines', () => {
    const events: string[] = [];
    for (let f = 0; f < 3; f++) {
      const path = `pkg/mod${f}.py`;
      events.push(JSON.stringify({ type: 'begin', data: { path: { text: path } } }));
      for (let i = 0; i < 15; i++) {
        const text = f === 1 && i === 7 ? 'def parse_cookie(header):\n' : `    value_${i} = table[${i}]\n`;
        events.push(JSON.stringify({ type: 'match', data: { path: { text: path }, lines: { text }, line_number: 10 + i, absolute_offset: 100 * i, submatches: [] } }));
      }
      events.push(JSON.stringify({ type: 'end', data: { path: { text: path }, binary_offset: null, stats: {} } }));
    }
    const input = `${events.join('\n')}\n`;
    const { text, offloads } = run(input, { query: 'where are cookies parsed', command: 'rg --json cookie' });
    expect(text).toContain('17:def parse_cookie(header):');
    const eventLines = new Set(events);
    for (const { original, meta } of offloads.values()) if (meta.kind === 'hits') for (const line of original.split('\n')) expect(eventLines.has(line)).toBe(true);
  });

  it('reads single-file grep -n output (no path) and keeps the query matches', () => {
    const input = Array.from({ length: 60 }, (_, i) => (i === 41 ? `${i + 1}:    def addCleanup(self, function, /, *args, **kwargs):` : `${i + 1}:        self._outcome = result_${i}`)).join('\n');
    const { text } = run(input, { query: 'cleanup functions', command: 'grep -n self case.py' });
    expect(text).toContain('42:def addCleanup(self, function, /, *args, **kwargs):');
    expect(text.length).toBeLessThan(input.length / 2);
  });

  it('skips in lossless mode: there is nothing to re-encode', () => {
    const { context } = testContext({ mode: 'lossless' });
    expect(ragCompressor().compress(grepOutput, context)).toMatchObject({ type: 'skipped' });
  });

  it('is linear and stack-safe on a 20 MB single line (prose and a grep hit)', () => {
    const prose = 'The quick brown fox jumps over the lazy dog near the river bank. '.repeat(310_000);
    const { context } = testContext({ query: 'river' });
    const compressor = ragCompressor();
    expect(compressor.detect(prose, context)).toBeGreaterThanOrEqual(0);
    const result = compressor.compress(prose, context);
    expect(result).toBeDefined();
    const grep = `src/a.ts:1:${'x'.repeat(20_000_000)}\nsrc/b.ts:2:y\nsrc/c.ts:3:z`;
    expect(() => compressor.compress(grep, context)).not.toThrow();
    // Outcomes only: how long 40 MB takes depends on the machine, not on the code under test.
  }, 600_000);

  it('rejects bad options with the option named', () => {
    expect(() => ragCompressor({ keepRatio: 2 })).toThrow(/keepRatio/);
  });

  it('is never more tokens than its input, even with fewer characters (a counterexample the property test found)', () => {
    // A Markdown mix whose omissions save one character but cost four tokens: a run of `#` is a
    // token per two characters, the header and markers are more per character.
    const sentences = 'aa aaaaaaa aaaaa. aaaa aaaaaaaa aaaaaaaaa. aaaaaaaaa aaaaaaa aaaaaaaaa aa aaaaaaaa aaaaaaa aaaaaa. aaaaaa aaa aaa aaaa aaaa aaaaaaaaa aaaaaa aaaa a aa aaaaaaaa aaaaaaaa. aaaa aaaaaa aaaa a aaaaaaa aaaaa a aaaa aaa aa aaaaaa a aaaaaaaa.';
    const fence = '```js\nconst a = 1;\n```';
    const section = `## a\n\n${sentences}`;
    const input = [fence, section, 'src/a/a.ts:1:a a a.', section, 'lib/a.py-1-a a a.', section, 'lib/a.py-1-a a a.', 'lib/a.py-1-a a a.', fence, section, 'src/a/a.ts:1:a a a.', section, section, '#'.repeat(30_000)].join('\n');
    const { context } = testContext();
    const result = ragCompressor().compress(input, context);
    if (result instanceof Promise) throw new Error('compress is synchronous');
    if (result.type === 'compressed') expect(context.tokenizer.estimate(result.text)).toBeLessThanOrEqual(context.tokenizer.estimate(input));
    else expect(result.reason).toBe('no smaller than the input');
  });
});
