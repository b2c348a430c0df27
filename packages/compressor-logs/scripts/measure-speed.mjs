// Speed of the logs compressor through the pipeline on the 16 Loghub samples: one warm-up pass,
// then 5 timed passes, a fresh memory store (empty memo) per call. Run after `pnpm exec tsc -b`:
//   node scripts/measure-speed.mjs
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createMemoryStore, createPipeline } from '@headroom/core';
import { logsCompressor } from '../dist/index.js';

let root = dirname(fileURLToPath(import.meta.url));
while (!existsSync(join(root, 'pnpm-workspace.yaml'))) root = dirname(root);
const logs = resolve(root, '..', 'shared', 'evaldata', 'logs');
const files = readdirSync(logs, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => readFileSync(join(logs, entry.name, `${entry.name}_2k.log`), 'utf8'));

const compressOnce = (text) => createPipeline({ compressors: [logsCompressor()], store: createMemoryStore(), policy: { timeoutMs: 60_000 } }).compress(text, { toolName: 'Bash' });
for (const text of files) await compressOnce(text);
let bytes = 0;
const cpuStart = process.cpuUsage();
const wallStart = performance.now();
for (let pass = 0; pass < 5; pass++) {
  for (const text of files) {
    await compressOnce(text);
    bytes += Buffer.byteLength(text);
  }
}
const cpu = process.cpuUsage(cpuStart);
const megabytes = bytes / 1e6;
console.log(`${megabytes.toFixed(1)} MB through pipeline.compress (lossy): ${(megabytes / ((performance.now() - wallStart) / 1000)).toFixed(1)} MB/s wall, ${(megabytes / ((cpu.user + cpu.system) / 1e6)).toFixed(1)} MB/s per CPU second`);
