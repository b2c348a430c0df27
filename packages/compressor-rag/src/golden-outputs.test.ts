import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ragCompressor } from './rag-compressor.js';
import { testContext } from './testing/context.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const PNPM = `${ROOT}node_modules/.pnpm`;
const PY = '/usr/lib/python3.11';
const EVALDATA = fileURLToPath(new URL('../../../../shared/evaldata/', import.meta.url));

interface Golden {
  readonly name: string;
  /** The input: a real program's output or a real document, produced or read at test time. */
  readonly input: () => string;
  readonly query?: string;
  readonly command?: string;
  readonly toolName?: string;
  readonly sha256: string;
}

function grep(cwd: string, args: readonly string[]): string {
  const result = spawnSync('grep', args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return result.stdout;
}

const file = (path: string) => () => readFileSync(path, 'utf8');

/** A retriever's top-20 from NQ-open (as the bench builds it): gold passage of item `i` among the next 19. */
function topK(i: number): string {
  const items = gunzipSync(readFileSync(`${EVALDATA}qa/nq-open-oracle.jsonl.gz`))
    .toString('utf8')
    .split('\n')
    .slice(0, 40)
    .map((line) => JSON.parse(line) as { ctxs: Array<{ title: string; text: string }> });
  const docs = Array.from({ length: 19 }, (_, k) => items[i + 1 + k]!.ctxs[0]!);
  docs.splice(i % 20, 0, items[i]!.ctxs[0]!);
  return docs.map((doc, k) => `Document [${k + 1}](Title: ${doc.title}) ${doc.text}`).join('\n');
}

function nqQuestion(i: number): string {
  const line = gunzipSync(readFileSync(`${EVALDATA}qa/nq-open-oracle.jsonl.gz`)).toString('utf8').split('\n')[i]!;
  return (JSON.parse(line) as { question: string }).question;
}

/**
 * Outputs of real programs and real documents that do not change on this machine (Debian's
 * Python 3.11, pinned packages in node_modules, Debian's HTML docs, evaldata), compressed with a
 * query. The hashes were taken before the speed work on parsing, scoring and token estimation:
 * optimisations must keep every output byte-identical. Inputs are produced at test time, never committed.
 */
const GOLDEN: readonly Golden[] = [
  { name: 'grep -rn def (python json)', input: () => grep(`${PY}/json`, ['-rn', 'def ', '.']), query: 'how are floats encoded', command: 'grep -rn "def " .', sha256: 'c8a4635348ee438d7041b0791bdc4c196f4ff1c2b5ec9fc70a35c8764d666cd8' },
  { name: 'grep -rn -C2 timeout (python http)', input: () => grep(`${PY}/http`, ['-rn', '-C2', 'timeout', '.']), query: 'socket timeout for connections', command: 'grep -rn -C2 timeout .', sha256: '11df48464c0546c980733213b2c8fd97d681a451698f43c80d91ea74403ebf84' },
  { name: 'grep -rn import (python email)', input: () => grep(`${PY}/email`, ['-rn', 'import', '.']), query: 'base64 header encoding', command: 'grep -rn import .', sha256: '0c571c9f508d9156cd4e3bc26d49082db06105b9239dbd11524b67ef6cdb8de5' },
  { name: 'grep -rn def (python asyncio), no query', input: () => grep(`${PY}/asyncio`, ['-rn', 'def ', '.']), command: 'grep -rn "def " .', sha256: '4a3717dd406aa8078d72cc99a679975140f27d8df8b311e973db8cd89479ac4e' },
  { name: 'grep -rn self._ (python unittest case.py)', input: () => grep(`${PY}/unittest`, ['-rn', 'self\\._', 'case.py']), query: 'cleanup functions', command: 'grep -rn self._ case.py', sha256: '28f006a752e2ce9bf1d8c36f4ec607653f855bfa04eb134513cc242194668a3e' },
  { name: 'grep -n def (one file, python json encoder)', input: () => grep(`${PY}/json`, ['-n', 'def ', 'encoder.py']), query: 'float representation', command: 'grep -n "def " encoder.py', sha256: 'a0df046674d99e9e6424e8e675301a17ec9cf3de549bc9d9bd5daa5be7a813a1' },
  { name: 'grep -rn def (python stdlib, 2 MB)', input: () => grep(PY, ['-rn', 'def ', '--include=*.py', 'email', 'http', 'json', 'logging', 'asyncio', 'unittest', 'xml']), query: 'parse cookie headers', command: 'grep -rn "def " .', sha256: '9229019f6c15f6d18e6917fdfd5d33aff7979e193f444c0e5999a2ad25dbe237' },
  { name: 'grep -rn function (undici lib)', input: () => grep(`${PNPM}/undici@7.30.2/node_modules/undici`, ['-rn', 'function', '--include=*.js', 'lib']), query: 'where are redirect headers handled', command: 'grep -rn function lib', sha256: '1decc1a2929105a7c8829a35cdb18ca8460ee3107359ffed2f180dc79768f594' },
  { name: 'grep -rn -C2 get_encoding (tiktoken, long lines)', input: () => grep(`${PNPM}/tiktoken@1.0.22/node_modules/tiktoken`, ['-rn', '-C2', 'get_encoding', '--include=*.cjs', '.']), query: 'encoding for model name', command: 'grep -rn -C2 get_encoding .', sha256: '607d276b3df2fd270a52a243b5e8be1ac0e33037bb433f7dd108b122b8ac592d' },
  { name: 'commander Readme.md', input: file(`${PNPM}/commander@14.0.3/node_modules/commander/Readme.md`), query: 'how do I make an option mandatory', toolName: 'WebFetch', sha256: '7a9b9894e095459b3339b05e10451c61405bc19b35f4a9c1788f40825d031b7e' },
  { name: 'commander Readme.md, no query', input: file(`${PNPM}/commander@14.0.3/node_modules/commander/Readme.md`), toolName: 'WebFetch', sha256: 'b96ffbc4af2923d7e301a258481dd44192318e9c64d0a0c3571b076cafe65733' },
  { name: 'semver README.md', input: file(`${PNPM}/semver@7.8.6/node_modules/semver/README.md`), query: 'what does a missing patch value in a caret range desugar to', toolName: 'WebFetch', sha256: 'bf7880fb35ebe5b58b212cc37d2bd4740c3cc9bccc997271beff1867d091c435' },
  { name: 'undici README.md', input: file(`${PNPM}/undici@7.30.2/node_modules/undici/README.md`), query: 'what does fetch return for a manual redirect', toolName: 'WebFetch', sha256: '453f8432c842784d13d8e6007834a53d83b0449ccb92f706b4639c728f986748' },
  { name: 'email architecture.rst', input: file('/root/.pyenv/versions/3.13.0/lib/python3.13/email/architecture.rst'), query: 'how is undecodable binary data in text handled', toolName: 'WebFetch', sha256: 'acf0027f2db416005cd7d3b86cfde1836db3a63ea744e102947faf3544b575fe' },
  { name: 'nodejs zlib.html', input: file('/usr/share/doc/nodejs/api/zlib.html'), query: 'which zlib APIs use the threadpool', toolName: 'WebFetch', sha256: 'eb243530ea584e1364e17fb8a2817cfb33ba5748456e014d3f8d72c6c724bd0c' },
  { name: 'nodejs fs.html', input: file('/usr/share/doc/nodejs/api/fs.html'), query: 'how do I watch a file for changes', toolName: 'WebFetch', sha256: 'f3e946ee23f6032f8c66511abeeebc34974db9391401b53188eef91dfc95df2d' },
  { name: 'ninja manual.html, no query', input: file('/usr/share/doc/ninja-build/manual.html'), toolName: 'WebFetch', sha256: 'f979bef4d9c1de8b810ffce0e4c169bc0380dca3daf2b09347e51ec815ae325d' },
  { name: 'python-policy.html', input: file('/usr/share/doc/python3/python-policy.html'), query: 'which Python version should Debian packages use', toolName: 'WebFetch', sha256: '8c0443e6c126ff5fbe262728512f50c6315de1058d8f01271dcf3e2abf59f6f5' },
  { name: 'NQ-open top-20 (item 3)', input: () => topK(3), query: nqQuestion(3), toolName: 'retrieve', sha256: '93003e0745a8690a1a2854bc567a239bf1d67cd491e0c4cc0f1a7d5ee8b010d8' },
  { name: 'NQ-open top-20 (item 7), target 20%', input: () => topK(7), query: nqQuestion(7), toolName: 'retrieve', sha256: '641c977123f231e66d92f21e33ee28c16d8d610038f26cd06430816d15f9379a' },
];

function outputOf(golden: Golden, target?: number): string {
  const input = golden.input();
  expect(input.length).toBeGreaterThan(500);
  const { context } = testContext({
    ...(golden.query !== undefined ? { query: golden.query } : {}),
    ...(golden.command !== undefined ? { command: golden.command } : {}),
    ...(target !== undefined ? { target } : {}),
    toolName: golden.toolName ?? 'Bash',
  });
  const compressor = ragCompressor();
  const result = compressor.compress(input, context);
  if (result instanceof Promise) throw new Error('compress is synchronous');
  return result.type === 'compressed' ? result.text : `skipped: ${result.reason}`;
}

describe('golden outputs: optimisations keep every byte', () => {
  it.each(GOLDEN)('$name', (golden) => {
    const target = golden.name.endsWith('target 20%') ? Math.round(0.2 * testContext().context.tokenizer.estimate(golden.input())) : undefined;
    const text = outputOf(golden, target);
    expect(text.startsWith('[headroom-rag:')).toBe(true);
    expect(createHash('sha256').update(text).digest('hex')).toBe(golden.sha256);
  });
});
