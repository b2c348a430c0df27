// Runs the real code compressor (native tree-sitter) on the pool with budgets shorter than its
// parse, so each task is abandoned while its thread is inside the native parser, then one task
// with time to finish. Prints each outcome and "alive" at the end: a pool that stopped such a
// thread mid-call would abort this whole process before that. Arguments: the pool's module, the
// code compressor's module, a large TypeScript file, rounds.
import { readFileSync } from 'node:fs';

const [poolModule, codeModule, sourceFile, rounds] = process.argv.slice(2);
const { createWorkerPool } = await import(poolModule);
// 2 MB of it: the code compressor parses inputs of that size (a far larger one it skips at once).
const whole = readFileSync(sourceFile, 'utf8');
const source = whole.slice(0, whole.indexOf('\n', 2_000_000) + 1);
const pool = await createWorkerPool({ compressors: [{ module: codeModule, factory: 'codeCompressor' }], size: 1 });
const task = (text, ms) => ({ text, mode: 'lossy', deadline: Date.now() + ms, minConfidence: 0.3, compressorOptions: {}, hints: { filePath: 'big.ts' } });
for (let i = 0; i < Number(rounds); i++) {
  const outcome = await pool.run(task(source, 20 + (i % 10) * 15));
  process.stdout.write(`${outcome.type}${outcome.timeout ? ':timeout' : ''}\n`);
}
const small = source.slice(0, source.indexOf('\n', 200_000) + 1);
const last = await pool.run(task(small, 120_000));
process.stdout.write(`last ${last.type}\n`);
await pool.close();
process.stdout.write('alive\n');
