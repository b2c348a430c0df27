// Speed of the json compressor on the bench's JSON inputs (the seeded workloads and every file in
// ../shared/evaldata/json), through the core pipeline as `pnpm bench` runs it (every default
// compressor routed by confidence, a fresh memory store per call), beside a JSON.parse +
// JSON.stringify round trip of the same inputs in the same process.
// Run after `pnpm --filter @headroom/bench... build`, from packages/compressor-json:
//   node scripts/profile.mjs [lossy|lossless] [rounds]          MB/s and the ratio
//   node --cpu-prof --cpu-prof-dir=/tmp/prof scripts/profile.mjs  a profile of the same loop
//   JSON_ONLY=1 node scripts/profile.mjs                        the json compressor alone (detect + compress)
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEstimatingTokenizer, createMemoryStore, createPipeline } from '@headroom/core';
import { createTestContext } from '@headroom/core/testing';

const here = dirname(fileURLToPath(import.meta.url));
// JSON_DIST=/abs/path/index.js profiles another build (under this package's node_modules, so it resolves @headroom/core).
const { jsonCompressor } = await import(process.env.JSON_DIST ?? '../dist/index.js');
let root = here;
while (!existsSync(join(root, 'pnpm-workspace.yaml'))) root = dirname(root);
const bench = join(root, 'apps', 'bench', 'dist');
const { allWorkloads } = await import(join(bench, 'workloads', 'index.js'));
const { benchCompressors } = await import(join(bench, 'measure.js'));

const list = (dir) => readdirSync(dir).sort().flatMap((n) => (statSync(join(dir, n)).isDirectory() ? list(join(dir, n)) : [join(dir, n)]));
const evaldata = join(root, '..', 'shared', 'evaldata', 'json');
const inputs = [];
for (const { workload } of allWorkloads()) for (const output of workload.outputs) inputs.push({ text: output.text, input: { query: workload.query, toolName: output.toolName } });
for (const file of list(evaldata).filter((f) => /\.(json|ndjson)$/.test(f))) inputs.push({ text: readFileSync(file, 'utf8'), input: {} });

const mode = process.argv[2] ?? 'lossy';
const rounds = Number(process.argv[3] ?? 10);
const jsonOnly = process.env.JSON_ONLY === '1';
const bytes = inputs.reduce((s, i) => s + Buffer.byteLength(i.text), 0);

// Built outside the timed loop, as the bench does: a fresh pipeline and store per call.
function prepare({ text, input }) {
  if (jsonOnly) {
    const compressor = jsonCompressor();
    const { context } = createTestContext({ mode, tokenizer: createEstimatingTokenizer(), query: input.query });
    return async () => {
      compressor.detect(text, context);
      return compressor.compress(text, context);
    };
  }
  const pipeline = createPipeline({ compressors: benchCompressors(), store: createMemoryStore(), policy: { mode, timeoutMs: 60_000 } });
  return () => pipeline.compress(text, input);
}
function roundTrip({ text }) {
  // .ndjson inputs: one document per line, as the bench's baselines read them.
  if (!text.trimStart().startsWith('{') || !text.includes('\n{')) return JSON.stringify(JSON.parse(text)).length;
  let n = 0;
  for (const line of text.split('\n')) if (line.trim() !== '') n += JSON.stringify(JSON.parse(line)).length;
  return n;
}

for (const item of inputs) await prepare(item)(); // warm-up
// Wall time, and CPU time of this process (less sensitive to a loaded machine than wall time).
const ours = [];
const native = [];
const oursCpu = [];
const nativeCpu = [];
const cpuMs = (since) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};
for (let r = 0; r < rounds; r++) {
  const calls = inputs.map(prepare);
  let t = performance.now();
  let cpu = process.cpuUsage();
  for (const call of calls) await call();
  ours.push(performance.now() - t);
  oursCpu.push(cpuMs(cpu));
  t = performance.now();
  cpu = process.cpuUsage();
  for (const item of inputs) roundTrip(item);
  native.push(performance.now() - t);
  nativeCpu.push(cpuMs(cpu));
}
const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
const mbps = (ms) => bytes / 1e6 / (ms / 1000);
console.log(
  `${jsonOnly ? 'json compressor alone' : 'pipeline'}, ${mode}, ${inputs.length} inputs, ${(bytes / 1e6).toFixed(2)} MB, ${rounds} rounds: ` +
    `${mbps(median(ours)).toFixed(1)} MB/s; JSON.parse+stringify ${mbps(median(native)).toFixed(1)} MB/s; ratio ${(median(native) / median(ours)).toFixed(3)}` +
    ` (CPU time: ${mbps(median(oursCpu)).toFixed(1)} vs ${mbps(median(nativeCpu)).toFixed(1)} MB/s, ratio ${(median(nativeCpu) / median(oursCpu)).toFixed(3)})`,
);
