// Measures the built package on real inputs: o200k savings, validity, names, speed.
// Run from packages/compressor-code after `pnpm exec tsc -b`:  node scripts/measure.mjs [--wasm] [--each] [--bench-files]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createMarker, createTokenizer, refOf } from '@headroom/core';
import { codeCompressor, detectLanguage, parseErrors } from '../dist/index.js';

const backend = process.argv.includes('--wasm') ? 'wasm' : 'native';
let root = dirname(fileURLToPath(import.meta.url));
while (!existsSync(join(root, 'pnpm-workspace.yaml'))) root = dirname(root);
const store = join(root, 'node_modules', '.pnpm');
const pkg = (name) => join(store, readdirSync(store).find((e) => e.startsWith(`${name.replace('/', '+')}@`)), 'node_modules', name);
const stdlib = execFileSync('python3', ['-c', "import sysconfig; print(sysconfig.get_paths()['stdlib'])"], { encoding: 'utf8' }).trim();
const walk = (dir, ext) =>
  readdirSync(dir, { recursive: true })
    .map((f) => join(dir, f))
    .filter((f) => f.endsWith(ext) && statSync(f).isFile())
    .sort();
const lines = (f) => readFileSync(f, 'utf8').split('\n').length;

const python = readdirSync(stdlib)
  .filter((f) => f.endsWith('.py'))
  .map((f) => join(stdlib, f))
  .filter((f) => lines(f) > 300);
const scripts = [
  ...walk(join(pkg('undici'), 'lib'), '.js'),
  ...walk(join(pkg('commander'), 'lib'), '.js'),
  ...['lib.es5.d.ts', 'lib.dom.d.ts', 'lib.es2015.core.d.ts', 'lib.webworker.d.ts'].map((f) => join(pkg('typescript'), 'lib', f)),
].filter((f) => lines(f) > 300);
// `--bench-files`: the source files apps/bench lists (apps/bench/src/code/code-inputs.ts), instead of the broad set.
const BENCH_PYTHON = ['json/decoder.py', 'argparse.py', 'textwrap.py', 'dataclasses.py', 'csv.py', 'configparser.py', 'logging/handlers.py', 'http/client.py', 'functools.py', 'shutil.py'];
const BENCH_SCRIPTS = [
  ['commander', 'lib/command.js'],
  ['commander', 'lib/help.js'],
  ['undici', 'lib/dispatcher/client-h1.js'],
  ['undici', 'lib/core/util.js'],
  ['undici', 'lib/handler/retry-handler.js'],
  ['openai', 'src/core/streaming.ts'],
  ['openai', 'src/lib/AbstractChatCompletionRunner.ts'],
  ['@anthropic-ai/sdk', 'src/core/pagination.ts'],
  ['@anthropic-ai/sdk', 'src/internal/file-store.ts'],
  ['typescript', 'lib/lib.es5.d.ts'],
];
if (process.argv.includes('--bench-files')) {
  python.splice(0, python.length, ...BENCH_PYTHON.map((f) => join(stdlib, f)));
  scripts.splice(0, scripts.length, ...BENCH_SCRIPTS.map(([name, f]) => join(pkg(name), f)));
}
const diffs = readdirSync(join(root, '..', 'shared', 'evaldata', 'diffs')).map((f) => join(root, '..', 'shared', 'evaldata', 'diffs', f));

const tokenizer = createTokenizer();
const compressor = codeCompressor({ backend, ...JSON.parse(process.env.OPTS ?? '{}') });
const tmp = mkdtempSync(join(tmpdir(), 'measure-code-'));
const groups = {};
const failures = [];

for (const file of [...python, ...scripts, ...diffs]) {
  const text = readFileSync(file, 'utf8');
  const language = detectLanguage(text, { filePath: file })?.language;
  const group = language === 'diff' ? 'diffs' : file.endsWith('.d.ts') ? 'd.ts' : language === 'python' ? 'python' : file.endsWith('.ts') ? 'typescript' : 'javascript';
  const context = {
    tokenizer,
    mode: 'lossy',
    options: {},
    deadline: Date.now() + 60_000,
    hints: { filePath: file },
    offload: (original, meta) => createMarker(refOf(original), meta.summary),
  };
  // Speed: the best of five runs, so a busy shared machine and JIT warm-up do not count.
  let ms = Number.POSITIVE_INFINITY;
  let result;
  for (let run = 0; run < 5; run++) {
    const started = performance.now();
    result = await compressor.compress(text, context);
    ms = Math.min(ms, performance.now() - started);
  }
  const out = result.type === 'compressed' ? result.text : text;
  const g = (groups[group] ??= { files: 0, skipped: 0, before: 0, after: 0, chars: 0, ms: 0, invalid: 0 });
  g.files++;
  g.chars += text.length;
  g.ms += ms;
  g.before += tokenizer.count(text);
  g.after += tokenizer.count(out);
  if (result.type === 'skipped') g.skipped++;
  if (result.type === 'compressed' && language !== 'diff') {
    const errors = await parseErrors(out, language);
    let compiles = true;
    if (language === 'python') {
      const path = join(tmp, 'm.py');
      writeFileSync(path, out);
      try {
        execFileSync('python3', ['-m', 'py_compile', path], { stdio: 'pipe' });
      } catch {
        compiles = false;
      }
    }
    if (errors > 0 || !compiles) {
      g.invalid++;
      failures.push(`${file}: ${errors} parse errors, py_compile ${compiles ? 'ok' : 'FAILED'}`);
    }
  }
  if (process.argv.includes('--each')) console.log(`${group}\t${file.split('/').slice(-2).join('/')}\t${result.type === 'compressed' ? `${(100 * (1 - tokenizer.count(out) / tokenizer.count(text))).toFixed(1)}%` : result.reason}`);
}
rmSync(tmp, { recursive: true, force: true });

console.log(`backend: ${backend}`);
console.log('group       files  skipped  tokens before  tokens after  savings  invalid  MB/s');
for (const [name, g] of Object.entries(groups)) {
  console.log(
    `${name.padEnd(11)} ${String(g.files).padStart(5)}  ${String(g.skipped).padStart(7)}  ${String(g.before).padStart(13)}  ${String(g.after).padStart(12)}  ${(100 * (1 - g.after / g.before)).toFixed(1).padStart(6)}%  ${String(g.invalid).padStart(7)}  ${(g.chars / 1e6 / (g.ms / 1000)).toFixed(1).padStart(4)}`,
  );
}
for (const failure of failures) console.log(`INVALID ${failure}`);
