// Rounds over the bench's JSON inputs and nothing else, for instruction counts under valgrind
// (see scripts/instructions.sh). WHICH=ours (the json compressor, detect + compress) or native
// (JSON.parse + JSON.stringify); MODE=lossy|lossless; ROUNDS=n; JSON_DIST=another build's index.js.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestContext } from '@headroom/core/testing';

const here = dirname(fileURLToPath(import.meta.url));
let root = here;
while (!existsSync(join(root, 'pnpm-workspace.yaml'))) root = dirname(root);
const { jsonCompressor } = await import(process.env.JSON_DIST ?? '../dist/index.js');
const { allWorkloads } = await import(join(root, 'apps', 'bench', 'dist', 'workloads', 'index.js'));
const list = (dir) => readdirSync(dir).sort().flatMap((n) => (statSync(join(dir, n)).isDirectory() ? list(join(dir, n)) : [join(dir, n)]));
const inputs = [];
for (const { workload } of allWorkloads()) for (const output of workload.outputs) inputs.push({ text: output.text, query: workload.query });
for (const file of list(join(root, '..', 'shared', 'evaldata', 'json')).filter((f) => /\.(json|ndjson)$/.test(f))) inputs.push({ text: readFileSync(file, 'utf8') });

const mode = process.env.MODE ?? 'lossy';
const ours = (input) => {
  const compressor = jsonCompressor();
  const { context } = createTestContext({ mode, ...(input.query ? { query: input.query } : {}) });
  compressor.detect(input.text, context);
  return compressor.compress(input.text, context);
};
const native = (input) => {
  try {
    return JSON.stringify(JSON.parse(input.text)).length;
  } catch {
    let n = 0;
    for (const line of input.text.split('\n')) if (line.trim()) n += JSON.stringify(JSON.parse(line)).length;
    return n;
  }
};
const run = process.env.WHICH === 'native' ? native : ours;
for (let r = 0; r < Number(process.env.ROUNDS ?? 1); r++) for (const input of inputs) run(input);
