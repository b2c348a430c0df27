// Runs the bench's text corpus (apps/bench/src/text/text-corpus.ts: real commands run on this
// machine now) through the bench's pipeline (json, logs, code, text, rag; lossy mode, a fresh
// store and fresh compressors per run, as apps/bench/src/measure.ts does) and prints, per output,
// the median CPU and wall time of pipeline.compress, with the share of the total CPU time, plus a
// hash of every output (to compare builds byte for byte). Profile it with
//   node --cpu-prof --cpu-prof-dir=/tmp/prof packages/compressor-text/scripts/profile-corpus.mjs
// after `pnpm build` (apps/bench/dist provides the corpus and the compressor set).
// Options: --runs N (timed runs per output after one warm-up, default 5), --quick (the bench's
// quick half), --warm N (N untimed passes over the corpus first), --each (print every run's CPU ms), --only TEXT (the outputs whose command holds TEXT), --save FILE / --load FILE (keep the generated outputs in a file outside the repo so
// two builds compress the same bytes; never commit it: it holds third-party data).
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const { generateCorpus } = await import(join(repo, 'apps/bench/dist/text/text-corpus.js'));
const { benchCompressors, median, BENCH_TIMEOUT_MS } = await import(join(repo, 'apps/bench/dist/measure.js'));
const { createMemoryStore, createPipeline } = await import(join(repo, 'packages/core/dist/index.js'));

const args = process.argv.slice(2);
const option = (name) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};
const runs = Number(option('--runs') ?? 5);
const load = option('--load');
const save = option('--save');
const only = option('--only');

let outputs;
if (load) {
  outputs = JSON.parse(readFileSync(load, 'utf8'));
} else {
  const tmp = mkdtempSync(join(tmpdir(), 'headroom-text-profile-'));
  try {
    outputs = generateCorpus(tmp, repo, args.includes('--quick')).outputs.map((o) => ({ ...o, command: o.command }));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  if (save) writeFileSync(save, JSON.stringify(outputs));
}

const cpuMs = (since) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};

async function once(output) {
  const pipeline = createPipeline({ compressors: benchCompressors(), store: createMemoryStore(), policy: { mode: 'lossy', timeoutMs: BENCH_TIMEOUT_MS } });
  const started = performance.now();
  const usage = process.cpuUsage();
  const result = await pipeline.compress(output.text, { toolName: 'Bash', query: output.query, hints: { command: output.command } });
  return { cpu: cpuMs(usage), wall: performance.now() - started, result };
}

if (only) outputs = outputs.filter((o) => o.command.includes(only));
// --warm N: N untimed passes over the whole corpus first (the JIT's steady state, as in a long-running host).
for (let pass = 0; pass < Number(option('--warm') ?? 0); pass++) for (const output of outputs) await once(output);
const rows = [];
const digest = createHash('sha256');
for (const output of outputs) {
  const first = await once(output);
  digest.update(`${output.command}\0${first.result.text}\0`);
  const cpus = [];
  const walls = [];
  for (let i = 0; i < runs; i++) {
    const run = await once(output);
    cpus.push(run.cpu);
    walls.push(run.wall);
  }
  const bytes = Buffer.byteLength(output.text);
  if (args.includes('--each')) console.log(`${output.command.slice(0, 40).padEnd(40)} ${cpus.map((ms) => ms.toFixed(1)).join(' ')}`);
  const handler = first.result.compressed ? first.result.compressor : 'pass';
  rows.push({ command: output.command, bytes, cpu: median(cpus), wall: median(walls), min: Math.min(...cpus), max: Math.max(...cpus), handler });
}

const totalCpu = rows.reduce((s, r) => s + r.cpu, 0);
const totalWall = rows.reduce((s, r) => s + r.wall, 0);
const totalBytes = rows.reduce((s, r) => s + r.bytes, 0);
for (const r of [...rows].sort((a, b) => b.cpu - a.cpu)) {
  const name = r.command.replace(repo, '$REPO').slice(0, 58).padEnd(58);
  console.log(
    `${name} ${(r.bytes / 1000).toFixed(1).padStart(7)} KB ${r.handler.padEnd(5)} cpu ${r.cpu.toFixed(1).padStart(6)} ms (${r.min.toFixed(1)}–${r.max.toFixed(1)}) ${((100 * r.cpu) / totalCpu).toFixed(1).padStart(5)}%  ${(r.bytes / 1000 / r.cpu).toFixed(1).padStart(6)} MB/s`,
  );
}
const [load1, load5] = (await import('node:os')).loadavg();
console.log(
  `total ${rows.length} outputs, ${(totalBytes / 1e6).toFixed(2)} MB: cpu ${totalCpu.toFixed(0)} ms = ${(totalBytes / 1000 / totalCpu).toFixed(1)} MB/s, wall ${totalWall.toFixed(0)} ms = ${(totalBytes / 1000 / totalWall).toFixed(1)} MB/s (sum of medians of ${runs} runs); load ${load1.toFixed(1)}/${load5.toFixed(1)}; outputs sha256 ${digest.digest('hex').slice(0, 16)}`,
);
