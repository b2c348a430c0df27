import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reconstruct, runCompressor, runProgram } from './testing/run-compressor.js';
import { textCompressor } from './text-compressor.js';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, '../../..');
const tsc = join(dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin/tsc');
const PY = '/root/.pyenv/versions/3.11.7';
const CLINIC = '/root/.pyenv/versions/3.13.0/lib/python3.13/test/clinic.test.c';

/** The text a model reads: marker lines removed (their summaries are checked separately). */
function visibleLines(text: string): string[] {
  return text.split('\n').filter((line) => !line.trimStart().startsWith('<<headroom: '));
}

/** Every visible line is a line of the input, and the markers give the input back byte-exact. */
function expectTrueSubset(input: string, text: string, offloads: ReadonlyMap<string, string>): void {
  expect(reconstruct(text, offloads)).toBe(input);
  const inputLines = new Set(input.split('\n'));
  for (const line of visibleLines(text)) expect(inputLines.has(line)).toBe(true);
}

/** The test's own reading of a compiler error: message without location, and the file. */
function compilerProblem(line: string): { message: string; file: string } | undefined {
  const bare = line.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');
  const m = /^(\S[^():]*?)(?:\(\d+,\d+\): |:\d+:\d+ - |:\d+(?::\d+)?: )((?:fatal )?error.*)$/.exec(bare);
  return m ? { file: m[1]!, message: m[2]! } : undefined;
}

/** Every distinct compiler message stays on a visible line; every file is named (a line or a marker); every repeat is counted. */
function expectDistinctProblems(input: string, text: string): void {
  const wanted = input.split('\n').flatMap((line) => compilerProblem(line) ?? []);
  expect(wanted.length).toBeGreaterThan(100);
  const shown = new Set(visibleLines(text).flatMap((line) => compilerProblem(line)?.message ?? []));
  const plain = text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');
  for (const { message, file } of wanted) {
    expect(shown.has(message), message).toBe(true);
    expect(plain.includes(file), file).toBe(true);
  }
  const visible = visibleLines(text).filter((line) => compilerProblem(line)).length;
  const counted = [...text.matchAll(/<<headroom: (\d+) repeats? of problems shown/g)].reduce((sum, m) => sum + Number(m[1]), 0);
  // Every repeat is accounted for (markers may also count continuation lines that report a problem).
  expect(visible + counted).toBeGreaterThanOrEqual(wanted.length);
  expect(visible).toBeLessThan(wanted.length);
}

describe('error floods: each distinct problem once, its repeats counted with their locations', () => {
  let tmp = '';
  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), 'headroom-text-floods-'));
    // Real JavaScript from node_modules, type-checked strictly: hundreds of real errors.
    const commander = join(repoRoot, 'node_modules/.pnpm/commander@14.0.3/node_modules/commander/lib');
    const undici = join(repoRoot, 'node_modules/.pnpm/undici@7.30.2/node_modules/undici/lib/core');
    cpSync(commander, join(tmp, 'ts/src/commander'), { recursive: true });
    cpSync(undici, join(tmp, 'ts/src/undici-core'), { recursive: true });
    writeFileSync(
      join(tmp, 'ts/tsconfig.json'),
      JSON.stringify({ compilerOptions: { allowJs: true, checkJs: true, noEmit: true, strict: true, target: 'es2022', module: 'commonjs', types: [], skipLibCheck: true }, include: ['src'] }),
    );
    // A stdlib test module whose shared check() is made to fail: a flood of failures with the same frames.
    const source = readFileSync(join(PY, 'lib/python3.11/test/test_textwrap.py'), 'utf8');
    const edited = source.replace('        self.assertEqual(result, expect,\n', '        self.assertEqual(result, list(expect) + ["?"],\n');
    expect(edited).not.toBe(source);
    writeFileSync(join(tmp, 'test_textwrap.py'), edited);
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it.each([
    ['tsc -p .', ''],
    ['tsc -p . --pretty', ' --pretty'],
  ])('%s over node_modules JavaScript with checkJs: every distinct error visible, every file named, the summary kept', async (_name, flags) => {
    const command = `node ${tsc} -p .${flags} 2>&1`;
    const input = runProgram(command, join(tmp, 'ts'));
    const run = await runCompressor(textCompressor(), input, { command });
    expect(run.reason).toBeUndefined();
    const text = run.text!;
    expectTrueSubset(input, text, run.offloads);
    expectDistinctProblems(input, text);
    const summary = input.split('\n').filter((line) => /^Found \d+ errors/.test(line) || /^\s+\d+\s+src\//.test(line.replace(/\x1b\[[0-9;]*m/g, '')));
    for (const line of summary) expect(visibleLines(text)).toContain(line);
    expect(text.length).toBeLessThan(input.length * 0.8);
  });

  it('gcc over a C file without its headers: 900+ errors, each distinct message once', async () => {
    const command = `gcc -fsyntax-only ${CLINIC} 2>&1`;
    const input = runProgram(command);
    const run = await runCompressor(textCompressor(), input, { command });
    const text = run.text!;
    expectTrueSubset(input, text, run.offloads);
    expectDistinctProblems(input, text);
    expect(text.length).toBeLessThan(input.length * 0.2);
  });

  it('npm ls in a pnpm workspace: every distinct missing or invalid package visible once, repeats counted', async () => {
    const command = 'npm ls --all 2>&1';
    const input = runProgram(command, join(repoRoot, 'packages/compressor-code'));
    const problem = (line: string): string | undefined => {
      const m = /\bUNMET (?:OPTIONAL |PEER )?DEPENDENCY (\S+)|^npm error missing: ([^,\s]+)/.exec(line);
      return m ? `missing ${m[1] ?? m[2]}` : undefined;
    };
    const wanted = input.split('\n').flatMap((line) => problem(line) ?? []);
    expect(wanted.length).toBeGreaterThan(100);
    const run = await runCompressor(textCompressor(), input, { command, query: 'which version of tree-sitter' });
    const text = run.text!;
    expectTrueSubset(input, text, run.offloads);
    const shown = new Set(visibleLines(text).flatMap((line) => problem(line) ?? []));
    for (const missing of wanted) expect(shown.has(missing), missing).toBe(true);
    expect(text).toMatch(/<<headroom: [^>]*\d+ repeats? of problems shown \(\d+ unmet/);
    expect(text.length).toBeLessThan(input.length * 0.5);
  });

  it('a logged traceback repeated many times still shows every distinct exception line', async () => {
    // The stdlib's json parser on broken documents, each failure logged with its traceback (a build step's output).
    const script = `import json, logging
for doc in ['{', '[1,', 'tru', '{"a":}', '"abc', '[1 2]'] * 8:
    try:
        json.loads(doc)
    except ValueError:
        logging.exception('parse failed')
print('Found 48 errors')`;
    const input = runProgram(`${PY}/bin/python3 -c '${script.replace(/'/g, "'\\''")}' 2>&1`);
    const exceptions = [...new Set(input.split('\n').filter((line) => /^json\.decoder\.JSONDecodeError: /.test(line)))];
    expect(exceptions.length).toBeGreaterThanOrEqual(5);
    const run = await runCompressor(textCompressor(), input, { command: 'make check' });
    const text = run.text!;
    expectTrueSubset(input, text, run.offloads);
    for (const line of exceptions) expect(visibleLines(text)).toContain(line);
    expect(text).toMatch(/repeats? of problems shown/);
  });

  it('a unittest failure flood: every FAIL heading, exception line and the summary stay; frames printed before are counted', async () => {
    const command = `${PY}/bin/python3 -m unittest -v test_textwrap 2>&1`;
    const input = runProgram(command, tmp);
    expect(input).toMatch(/^FAILED \(failures=\d{2,}\)$/m);
    const run = await runCompressor(textCompressor(), input, { command });
    const text = run.text!;
    expectTrueSubset(input, text, run.offloads);
    const visible = visibleLines(text);
    for (const line of input.split('\n')) {
      if (/^(?:FAIL|ERROR): |^AssertionError|^Ran \d+ tests|^FAILED \(| \.\.\. FAIL$/.test(line)) expect(visible).toContain(line);
    }
    expect(text).toMatch(/lines as in failures shown above/);
  });
});
