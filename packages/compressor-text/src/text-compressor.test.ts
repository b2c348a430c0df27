import { checkConformance } from '@headroom/core/testing';
import { describe, expect, it } from 'vitest';
import { reconstruct, runCompressor, runProgram } from './testing/run-compressor.js';
import { textCompressor } from './text-compressor.js';

const PY_TEST = '/root/.pyenv/versions/3.11.7/bin/python3 -m unittest -v test.test_textwrap 2>&1';

/** Real outputs of this machine's programs over Debian's and Python's files. */
const REAL: readonly { command: string; query?: string }[] = [
  { command: 'dpkg -l', query: 'python3 packages' },
  { command: 'ls -la /usr/share/doc' },
  { command: 'find /usr/lib/python3.11/email' },
  { command: 'du -a /usr/share/doc/git' },
  { command: 'apt-cache show bash coreutils libc6' },
  { command: 'apt-config dump', query: 'periodic' },
  { command: PY_TEST, query: 'wrap' },
  { command: 'apt list --installed 2>/dev/null' },
];

describe('textCompressor on real command output', () => {
  it.each(REAL)('$command: smaller, lines unaltered, markers redeem to the exact input', async ({ command, query }) => {
    const input = runProgram(command);
    expect(input.split('\n').length).toBeGreaterThan(20);
    const run = await runCompressor(textCompressor(), input, { command, ...(query ? { query } : {}) });
    expect(run.reason).toBeUndefined();
    expect(run.text!.length).toBeLessThan(input.length);
    expect(reconstruct(run.text!, run.offloads)).toBe(input);
    // A true subset: every visible line is a line of the input (or a marker).
    const inputLines = new Set(input.split('\n'));
    for (const line of run.text!.split('\n')) if (!line.trimStart().startsWith('<<headroom: ')) expect(inputLines.has(line)).toBe(true);
  });

  it('keeps every failure, its traceback and the summary of a unittest run, and counts the passes', async () => {
    const input = runProgram(PY_TEST).replace(/ \.\.\. ok\n(?=test_simple )/, ' ... ok\n');
    const failing = `${input.replace(/^(test_simple \(.*?\)) \.\.\. ok$/m, '$1 ... FAIL')}\n======================================================================\nFAIL: test_simple (test.test_textwrap.WrapTestCase.test_simple)\n----------------------------------------------------------------------\nTraceback (most recent call last):\n  File "test_textwrap.py", line 57, in test_simple\nAssertionError: Lists differ\n`;
    const run = await runCompressor(textCompressor(), failing, { command: PY_TEST });
    const text = run.text!;
    expect(text).toMatch(/^test_simple \(.*\) \.\.\. FAIL$/m);
    expect(text).toContain('AssertionError: Lists differ');
    expect(text).toMatch(/^Ran \d+ tests in /m);
    expect(text).toMatch(/<<headroom: \d+ more passed/);
  });

  it('routes by the command line: the same lines as a listing and as generic text', async () => {
    const input = runProgram('find /usr/share/doc/git -type f');
    const listing = await runCompressor(textCompressor(), input, { command: 'find /usr/share/doc/git -type f' });
    expect(listing.text).toMatch(/more entries in \/usr\/share\/doc\/git/);
  });

  it('skips lossless mode, tiny inputs and bad options, with reasons', async () => {
    const input = runProgram('dpkg -l');
    expect((await runCompressor(textCompressor(), input, { mode: 'lossless' })).reason).toMatch(/lossless/);
    expect((await runCompressor(textCompressor(), 'a\nb\nc')).reason).toMatch(/fewer than 8 lines/);
    expect((await runCompressor(textCompressor(), input, { options: { headRows: -1 } })).reason).toMatch(/headRows must be an integer/);
    expect(() => textCompressor({ maxGroups: 0 })).toThrow(/maxGroups/);
  });

  it('is stack-safe and linear on a 20 MB single line and on 20 MB of short lines', async () => {
    const line = 'x'.repeat(20_000_000);
    for (const command of ['ls -la', 'dpkg -l', 'git log', 'python3 -m pytest', 'apt-cache show x', 'cat x']) {
      const run = await runCompressor(textCompressor(), `${line}\n${line}\n`.repeat(1) + 'a\n'.repeat(10), { command });
      if (run.text !== undefined) expect(reconstruct(run.text, run.offloads)).toBe(`${line}\n${line}\n${'a\n'.repeat(10)}`);
    }
    const many = Array.from({ length: 400_000 }, (_, i) => `drwxr-xr-x  2 root root 4096 Nov 24 10:00 dir-${i % 977}/file-${i}.txt`).join('\n');
    const run = await runCompressor(textCompressor(), many, { command: 'ls -la' });
    expect(run.text!.length).toBeLessThan(many.length / 10);
  });

  it('finishes on source code and deep indentation under every route (no catastrophic backtracking)', async () => {
    const source = runProgram('cat /root/.pyenv/versions/3.11.7/lib/python3.11/textwrap.py');
    const deep = Array.from({ length: 300 }, (_, i) => `${' '.repeat(4000 + i)}x = ${i}`).join('\n');
    for (const command of ['tree', 'ls -la', 'dpkg -l', 'git log -p', 'git blame a.py', 'git status', 'pytest', 'apt-cache show x', 'env', 'cat a.py']) {
      for (const input of [source, deep]) {
        const run = await runCompressor(textCompressor(), input, { command, query: 'wrap lines' });
        if (run.text !== undefined) expect(reconstruct(run.text, run.offloads)).toBe(input);
      }
    }
  });

  it('passes the conformance suite on real outputs', async () => {
    const samples = REAL.slice(0, 5).map(({ command }) => runProgram(command));
    const report = await checkConformance(textCompressor(), { samples, query: 'python3 email' });
    expect(report.failures).toEqual([]);
    expect(report.compressedSamples.lossy).toBe(samples.length);
  });
});
