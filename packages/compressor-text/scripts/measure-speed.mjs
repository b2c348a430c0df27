// Speed of the default compressor set (json, logs, code, text) on real command output produced now
// on this machine: wall time, CPU time, and the reference JSON.parse(JSON.stringify(text)) over the
// same outputs in the same run. Run after `pnpm --filter @headroom/compressor-text... build`:
//   node packages/compressor-text/scripts/measure-speed.mjs [runs]
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { codeCompressor } from '@headroom/compressor-code';
import { jsonCompressor } from '@headroom/compressor-json';
import { logsCompressor } from '@headroom/compressor-logs';
import { createMemoryStore, createPipeline } from '@headroom/core';
import { textCompressor } from '../dist/index.js';

const repo = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const PY = '/root/.pyenv/versions/3.11.7';
const COMMANDS = [
  ['dpkg -l', '/tmp'],
  ['du -a /usr/share/doc', '/tmp'],
  [`find ${PY}/lib/python3.11 -type d`, '/tmp'],
  ['ls -laR /usr/share/doc/git', '/tmp'],
  ['apt-config dump', '/tmp'],
  ['apt list --installed 2>/dev/null', '/tmp'],
  [`${PY}/bin/python3 -m unittest -v test.test_statistics 2>&1`, '/tmp'],
  ['gcc -fsyntax-only /root/.pyenv/versions/3.13.0/lib/python3.13/test/clinic.test.c 2>&1', '/tmp'],
  ['npm ls --all 2>&1', join(repo, 'packages/compressor-code')],
  ['git log --stat -n 300', repo],
];
const runs = Number(process.argv[2] ?? 5);
const min = (values) => Math.min(...values);
const cpuMs = (started) => {
  const used = process.cpuUsage(started);
  return (used.user + used.system) / 1000;
};

let bytes = 0;
let wall = 0;
let cpu = 0;
let reference = 0;
for (const [command, cwd] of COMMANDS) {
  const text = spawnSync('bash', ['-c', command], { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 }).stdout ?? '';
  const walls = [];
  const cpus = [];
  const refs = [];
  for (let i = 0; i <= runs; i++) {
    const pipeline = createPipeline({ compressors: [jsonCompressor(), logsCompressor(), codeCompressor(), textCompressor()], store: createMemoryStore() });
    const started = performance.now();
    const usage = process.cpuUsage();
    await pipeline.compress(text, { toolName: 'Bash', hints: { command } });
    const ms = performance.now() - started;
    const used = cpuMs(usage);
    const refStarted = performance.now();
    JSON.parse(JSON.stringify(text));
    const ref = performance.now() - refStarted;
    if (i === 0) continue; // warm-up
    walls.push(ms);
    cpus.push(used);
    refs.push(ref);
  }
  const size = Buffer.byteLength(text);
  bytes += size;
  wall += min(walls);
  cpu += min(cpus);
  reference += min(refs);
  console.log(`${command.slice(0, 60).padEnd(60)} ${(size / 1000).toFixed(1).padStart(7)} KB  wall ${(size / 1000 / min(walls)).toFixed(1).padStart(6)} MB/s  cpu ${(size / 1000 / min(cpus)).toFixed(1).padStart(6)} MB/s  reference ${(size / 1000 / min(refs)).toFixed(0).padStart(5)} MB/s`);
}
const speed = bytes / 1000 / wall;
const ref = bytes / 1000 / reference;
console.log(`total ${(bytes / 1e6).toFixed(2)} MB: wall ${speed.toFixed(1)} MB/s, cpu ${(bytes / 1000 / cpu).toFixed(1)} MB/s, reference ${ref.toFixed(0)} MB/s, ratio ${(speed / ref).toFixed(3)} (fastest of ${runs} runs after a warm-up)`);
