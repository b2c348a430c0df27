import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createMemoryStore, createPipeline } from '@headroom/core';
import { checkConformance, garbageInputs } from '@headroom/core/testing';
import { describe, expect, it } from 'vitest';
import { codeCompressor } from './code-compressor.js';
import { detectLanguage } from './detect-language.js';
import { loadBackend } from './internal/backend.js';
import { parseErrors } from './parse-errors.js';
import { EVALDATA, NO_RUSH_MS, packageFile, read, recordingContext, stdlibFile, testCompressor } from './real-inputs.test-helpers.js';

const pythonFile = stdlibFile('json/decoder.py');
const scriptFile = packageFile('commander', 'lib/help.js');
const diffFile = join(EVALDATA, 'diffs', 'lockfile-heavy_toon_68f66bb_upgrade-dependencies.diff');
const numberedRead = (text: string) => text.split('\n').map((line, i) => `${String(i + 1).padStart(6)}→${line}`).join('\n');

describe('codeCompressor contract', () => {
  it('passes the conformance suite on real Python, JavaScript and a diff', async () => {
    const report = await checkConformance(testCompressor(), {
      samples: [read(pythonFile), read(scriptFile), read(diffFile), numberedRead(read(stdlibFile('argparse.py')))],
      query: 'where is the option help formatted?',
      timeoutMs: NO_RUSH_MS,
    });
    expect(report.failures).toEqual([]);
    expect(report.compressedSamples.lossy).toBe(4);
    expect(report.compressedSamples.lossless).toBe(0);
  });

  it('rejects options that make no sense when it is built', () => {
    expect(() => codeCompressor({ minLines: -1 })).toThrow(/minLines/);
    expect(() => codeCompressor({ backend: 'jit' as never })).toThrow(/backend/);
  });

  it('works inside a real pipeline: the skeleton is smaller and every marker resolves from the store', async () => {
    const pipeline = createPipeline({ compressors: [testCompressor()], store: createMemoryStore(), policy: { timeoutMs: NO_RUSH_MS } });
    const text = read(pythonFile);
    const result = await pipeline.compress(text, { hints: { filePath: pythonFile } });
    expect(result.compressed).toBe(true);
    expect(result.tokensAfter).toBeLessThan(result.tokensBefore / 2);
    for (const marker of result.markers) expect((await pipeline.retrieve(marker.ref))?.original).toBeDefined();
  });
});

describe('detection', () => {
  it('trusts a file path or a fenced-block language first', () => {
    expect(detectLanguage('anything', { filePath: '/repo/src/app.tsx' })).toMatchObject({ language: 'tsx', by: 'path' });
    expect(detectLanguage('anything', { filePath: 'lib/x.mjs' })).toMatchObject({ language: 'javascript' });
    expect(detectLanguage('anything', { language: 'python3' })).toMatchObject({ language: 'python', by: 'hint' });
    expect(detectLanguage('anything', { language: 'diff' })).toMatchObject({ language: 'diff' });
    expect(detectLanguage(read(pythonFile), { filePath: 'data/config.json' })).toBeUndefined();
  });

  it('recognizes code and diffs by content alone', () => {
    expect(detectLanguage(read(pythonFile))?.language).toBe('python');
    expect(detectLanguage(read(stdlibFile('argparse.py')))?.language).toBe('python');
    expect(detectLanguage(read(packageFile('undici', 'lib/core/util.js')))?.language).toMatch(/typescript|javascript/);
    expect(detectLanguage(read(packageFile('typescript', 'lib/lib.es5.d.ts')))?.language).toBe('typescript');
    for (const file of readdirSync(join(EVALDATA, 'diffs'))) expect(detectLanguage(read(join(EVALDATA, 'diffs', file)))?.language).toBe('diff');
  });

  it('gives prose, logs and JSON no confidence', () => {
    const compressor = testCompressor();
    const { context } = recordingContext();
    const notCode = [
      read(join(EVALDATA, 'README.md')),
      read(join(EVALDATA, 'logs', 'Apache', 'Apache_2k.log')),
      read(join(EVALDATA, 'logs', 'HDFS', 'HDFS_2k.log')),
      JSON.stringify({ items: Array.from({ length: 50 }, (_, i) => ({ id: i, name: `item ${i}` })) }, null, 2),
      // grep -rn over code, git log --stat, find: code-like lines, but not code.
      ...readdirSync(join(EVALDATA, 'shell-outputs')).map((f) => read(join(EVALDATA, 'shell-outputs', f))),
    ];
    for (const text of notCode) expect(compressor.detect(text, context)).toBeLessThan(0.3);
  });
});

describe('policies', () => {
  const python = read(stdlibFile('argparse.py'));

  it('passes small files through verbatim', async () => {
    const { context } = recordingContext({ hints: { filePath: 'x.py' } });
    const small = python.split('\n').slice(0, 120).join('\n');
    expect(await testCompressor().compress(small, context)).toMatchObject({ type: 'skipped', reason: expect.stringMatching(/too small/) });
    const tighter = await testCompressor({ minLines: 50 }).compress(small, context);
    expect(tighter.type).toBe('compressed');
  });

  it('skips in lossless mode without offloading anything', async () => {
    const { context, offloads } = recordingContext({ mode: 'lossless', hints: { filePath: 'argparse.py' } });
    expect(await testCompressor().compress(python, context)).toMatchObject({ type: 'skipped', reason: expect.stringMatching(/lossless/) });
    expect(offloads.size).toBe(0);
  });

  it('keeps the output of verbatim tools as it is, set on the factory or per call', async () => {
    const read_ = recordingContext({ toolName: 'Read', hints: { filePath: 'argparse.py' } });
    expect((await testCompressor({ verbatimTools: ['Read'] }).compress(python, read_.context)).type).toBe('skipped');
    const perCall = recordingContext({ toolName: 'Read', options: { verbatimTools: ['Read'] }, hints: { filePath: 'argparse.py' } });
    expect((await testCompressor().compress(python, perCall.context)).type).toBe('skipped');
    const other = recordingContext({ toolName: 'Grep', hints: { filePath: 'argparse.py' } });
    expect((await testCompressor({ verbatimTools: ['Read'] }).compress(python, other.context)).type).toBe('compressed');
  });

  it('can leave query-named bodies elided when asked', async () => {
    const path = packageFile('undici', 'lib/core/util.js');
    const query = 'what does parseHeaders return?';
    const kept = recordingContext({ query, hints: { filePath: path } });
    const elided = recordingContext({ query, hints: { filePath: path } });
    const withBodies = await testCompressor().compress(read(path), kept.context);
    const without = await testCompressor({ keepQueryBodies: false }).compress(read(path), elided.context);
    expect(elided.offloads.size).toBe(kept.offloads.size + 1);
    expect(withBodies.type === 'compressed' && without.type === 'compressed').toBe(true);
  });
});

describe('the wasm fallback', () => {
  const inputs = [stdlibFile('argparse.py'), packageFile('undici', 'lib/dispatcher/client-h1.js'), packageFile('commander', 'lib/command.js')];
  for (const path of inputs) {
    it(`gives the same bytes as the native addon on ${path.split('/').slice(-2).join('/')}`, async () => {
      const text = read(path);
      const native = await testCompressor({ backend: 'native' }).compress(text, recordingContext({ hints: { filePath: path } }).context);
      const wasm = await testCompressor({ backend: 'wasm' }).compress(text, recordingContext({ hints: { filePath: path } }).context);
      expect(native.type).toBe('compressed');
      expect(wasm).toEqual(native);
    });
  }

  it('is what `auto` loads when the native addon does not', async () => {
    expect((await loadBackend('auto')).kind).toBe('native');
    expect((await loadBackend('auto', () => null)).kind).toBe('wasm');
    await expect(loadBackend('native', () => null)).rejects.toThrow(/native/);
  });

  it('counts the same parse errors', async () => {
    const broken = 'function f( {\n  return 1\n}\nclass {';
    expect(await parseErrors(broken, 'typescript', { backend: 'wasm' })).toBe(await parseErrors(broken, 'typescript', { backend: 'native' }));
    expect(await parseErrors(broken, 'typescript', { backend: 'wasm' })).toBeGreaterThan(0);
    expect(await parseErrors(read(pythonFile), 'python', { backend: 'wasm' })).toBe(0);
  });
});

describe('robustness', () => {
  const compressor = testCompressor();
  const run = (text: string, filePath?: string) => compressor.compress(text, recordingContext(filePath ? { hints: { filePath } } : {}).context);
  const python = read(stdlibFile('argparse.py'));

  it('keeps statements with syntax errors as written and still compresses the rest', async () => {
    const lines = python.split('\n');
    lines.splice(400, 0, 'def broken(:', '    return ]');
    const result = await run(lines.join('\n'), 'argparse.py');
    if (result.type !== 'compressed') throw new Error(`skipped: ${result.reason}`);
    expect(result.warnings?.[0]).toMatch(/syntax errors/);
    expect(result.text).toContain('def broken(:');
  });

  it('skips text that is mostly not the language the hint claims', async () => {
    const prose = read(join(EVALDATA, 'README.md'));
    expect(await run(prose.repeat(3), 'notes.py')).toMatchObject({ type: 'skipped' });
    expect(await run(python, 'mislabelled.ts')).toMatchObject({ type: 'skipped', reason: expect.stringMatching(/not typescript/) });
  });

  it('skips a minified one-line bundle of 1 MB', async () => {
    const bundle = `!function(){${'var a=function(b){return b+1};'.repeat(36_000)}}();`;
    expect(await run(bundle, 'bundle.min.js')).toMatchObject({ type: 'skipped', reason: expect.stringMatching(/minified/) });
  });

  it('handles a 20 MB input: skipped by size, never parsed', async () => {
    const huge = python.repeat(Math.ceil(20_000_000 / python.length));
    expect(await run(huge, 'huge.py')).toMatchObject({ type: 'skipped', reason: expect.stringMatching(/too large/) });
  });

  // A limit that has passed before the parse starts: abandoned at tree-sitter's first progress
  // check on any machine, however fast or loaded (a 5 ms limit would only be likely).
  it('abandons a parse at the deadline, and at its time limit', async () => {
    const big = python.repeat(60); // ~5 MB
    const late = recordingContext({ hints: { filePath: 'big.py' }, deadline: Date.now() - 1 }).context;
    expect(await testCompressor().compress(big, late)).toMatchObject({ type: 'skipped', reason: expect.stringMatching(/abandoned/) });
    const noTime = recordingContext({ hints: { filePath: 'big.py' } }).context;
    expect(await codeCompressor({ parseTimeoutMs: 0 }).compress(big, noTime)).toMatchObject({ type: 'skipped', reason: expect.stringMatching(/abandoned/) });
  });

  it('gives the same skeleton with verify on, since clean input makes a valid skeleton by construction', async () => {
    const path = packageFile('commander', 'lib/command.js');
    const plain = await testCompressor().compress(read(path), recordingContext({ hints: { filePath: path } }).context);
    const verified = await testCompressor({ verify: true }).compress(read(path), recordingContext({ hints: { filePath: path } }).context);
    expect(plain.type).toBe('compressed');
    expect(verified).toEqual(plain);
  });

  it('survives a 10,000-deep chain of calls and deeply nested code', async () => {
    const chain = `${'const x = f'.concat('()'.repeat(10_000))};\n`.repeat(1);
    const filler = Array.from({ length: 200 }, (_, i) => `function f${i}(a) {\n  const b = a + ${i};\n  const c = b * 2;\n  const d = c - 1;\n  return d;\n}`).join('\n');
    const result = await run(`${chain}${filler}\n`, 'chain.js');
    expect(result.type).toBe('compressed');
  });

  // The default parse limit on purpose: garbage parsed as code is slow, and whether a parse is
  // abandoned or finishes, the outcome is a result, never a throw. The test's own timeout only guards a hang.
  it('never throws on garbage that claims to be code or a diff', async () => {
    for (const { name, input } of garbageInputs()) {
      for (const hints of [{ filePath: 'x.py' }, { filePath: 'x.ts' }, { filePath: 'x.jsx' }, { language: 'diff' }]) {
        const result = await codeCompressor().compress(input, recordingContext({ hints }).context);
        expect(['compressed', 'skipped'], `${name} as ${JSON.stringify(hints)}`).toContain(result.type);
      }
    }
  }, NO_RUSH_MS);

  it('survives deeply nested code', async () => {
    const depth = 3_000;
    const nested = `${Array.from({ length: depth }, (_, i) => `${'  '.repeat(i % 40)}if (x${i}) {`).join('\n')}\n${'}\n'.repeat(depth)}`;
    const result = await run(`function outer() {\n${nested}}\n`, 'deep.js');
    expect(['compressed', 'skipped']).toContain(result.type);
  });

  it('survives lone surrogates, NUL bytes and replacement characters inside code', async () => {
    const dirty = python.replace('import os as _os', 'import os as _os\n_bad = "\ud800\u0000\ufffd"');
    const result = await run(dirty, 'dirty.py');
    if (result.type !== 'compressed') throw new Error(`skipped: ${result.reason}`);
    expect(result.text).toContain('_bad = "\ud800\u0000\ufffd"');
  });

  it('handles mixed content: a Python file with a JavaScript snippet pasted in the middle', async () => {
    const lines = python.split('\n');
    lines.splice(300, 0, 'function pasted(a, b) {', '  return a + b;', '}');
    const result = await run(lines.join('\n'), 'mixed.py');
    expect(['compressed', 'skipped']).toContain(result.type);
    if (result.type === 'compressed') expect(result.text).toContain('function pasted(a, b) {');
  });
});
