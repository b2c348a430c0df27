// One stage of two builds, interleaved input by input in one process (the fastest of 15 rounds
// each, summed over the bench's JSON inputs): a load-resistant wall-time A/B.
//   BASE=/abs/path/to/another/dist node scripts/stage-ab.mjs select   # selectRows on tables of 8+ rows
//   BASE=/abs/path/to/another/dist node scripts/stage-ab.mjs lossy    # renderLossy (rows, originals, render)
// BASE is another build's dist folder (a copy under this package's node_modules resolves @headroom/core).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestContext } from '@headroom/core/testing';

const here = dirname(fileURLToPath(import.meta.url));
let root = here;
while (!existsSync(join(root, 'pnpm-workspace.yaml'))) root = dirname(root);
if (!process.env.BASE) throw new Error('BASE=another build’s dist folder');
const load = async (dist) => ({
  parseInput: (await import(join(dist, 'internal', 'parse-input.js'))).parseInput,
  analyze: (await import(join(dist, 'internal', 'analyze.js'))).analyze,
  selectRows: (await import(join(dist, 'internal', 'select-rows.js'))).selectRows,
  renderLossy: (await import(join(dist, 'internal', 'lossy.js'))).renderLossy,
  queryTerms: (await import(join(dist, 'internal', 'query.js'))).queryTerms,
  rememberingJson: (await import(join(dist, 'internal', 'raw-number.js'))).rememberingJson,
});
const builds = { base: await load(process.env.BASE), this: await load(join(here, '..', 'dist')) };
const { allWorkloads } = await import(join(root, 'apps', 'bench', 'dist', 'workloads', 'index.js'));
const list = (dir) => readdirSync(dir).sort().flatMap((n) => (statSync(join(dir, n)).isDirectory() ? list(join(dir, n)) : [join(dir, n)]));
const inputs = [];
for (const { workload } of allWorkloads()) for (const output of workload.outputs) inputs.push({ text: output.text, query: workload.query });
for (const file of list(join(root, '..', 'shared', 'evaldata', 'json')).filter((f) => /\.(json|ndjson)$/.test(f))) inputs.push({ text: readFileSync(file, 'utf8') });

const settings = { minRowsToDrop: 8, maxStringLength: 400, stringHead: 160, errorStringLength: 2000 };
const stages = {
  // Timed inside: parsing and analysis are not the stage.
  select: (b, input) => {
    const parsed = b.parseInput(input.text);
    if (!parsed) return 0;
    return b.rememberingJson(() => {
      const analysis = b.analyze(parsed.value);
      const start = process.hrtime.bigint();
      for (const table of analysis.tables) if (table.rows.length >= 8) b.selectRows(table, b.queryTerms(input.query));
      return Number(process.hrtime.bigint() - start);
    });
  },
  lossy: (b, input) => {
    const parsed = b.parseInput(input.text);
    if (!parsed) return 0;
    const { context } = createTestContext({ mode: 'lossy' });
    return b.rememberingJson(() => {
      const analysis = b.analyze(parsed.value);
      const start = process.hrtime.bigint();
      b.renderLossy(analysis, context, b.queryTerms(input.query), settings, parsed.source);
      return Number(process.hrtime.bigint() - start);
    });
  },
};
const stage = stages[process.argv[2] ?? 'select'];
if (!stage) throw new Error('stage: select or lossy');
const total = { base: 0, this: 0 };
for (const input of inputs) {
  const fastest = { base: Infinity, this: Infinity };
  for (let r = 0; r < 15; r++) for (const k of ['base', 'this']) fastest[k] = Math.min(fastest[k], stage(builds[k], input));
  total.base += fastest.base;
  total.this += fastest.this;
}
console.log(`${process.argv[2] ?? 'select'}: base ${(total.base / 1e6).toFixed(2)} ms, this build ${(total.this / 1e6).toFixed(2)} ms, ratio ${(total.this / total.base).toFixed(3)}`);
