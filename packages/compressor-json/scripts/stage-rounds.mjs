// Rounds of one stage of the json compressor alone over the bench's JSON inputs, for instruction
// counts under valgrind (see scripts/instructions.sh): STAGE=parse (parseInput), analyze (analyze,
// on inputs parsed beforehand) or select (selectRows on every table of 8+ rows, analysed
// beforehand); ROUNDS=n after one warm-up round; DIST=another build's dist folder.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
let root = here;
while (!existsSync(join(root, 'pnpm-workspace.yaml'))) root = dirname(root);
const dist = process.env.DIST ?? join(here, '..', 'dist');
const { parseInput } = await import(join(dist, 'internal', 'parse-input.js'));
const { analyze } = await import(join(dist, 'internal', 'analyze.js'));
const { selectRows } = await import(join(dist, 'internal', 'select-rows.js'));
const { queryTerms } = await import(join(dist, 'internal', 'query.js'));
const { rememberingJson } = await import(join(dist, 'internal', 'raw-number.js'));
const { allWorkloads } = await import(join(root, 'apps', 'bench', 'dist', 'workloads', 'index.js'));
const list = (dir) => readdirSync(dir).sort().flatMap((n) => (statSync(join(dir, n)).isDirectory() ? list(join(dir, n)) : [join(dir, n)]));
const inputs = [];
for (const { workload } of allWorkloads()) for (const output of workload.outputs) inputs.push({ text: output.text, query: workload.query });
for (const file of list(join(root, '..', 'shared', 'evaldata', 'json')).filter((f) => /\.(json|ndjson)$/.test(f))) inputs.push({ text: readFileSync(file, 'utf8') });

const parsed = inputs.map((input) => ({ ...input, value: parseInput(input.text)?.value }));
const analyses = parsed.map((input) => rememberingJson(() => analyze(input.value)));
const stages = {
  parse: (input) => parseInput(input.text),
  analyze: (input) => rememberingJson(() => analyze(input.value)),
  select: (input, k) => {
    const terms = queryTerms(input.query);
    rememberingJson(() => {
      for (const table of analyses[k].tables) if (table.rows.length >= 8) selectRows(table, terms);
    });
  },
};
const stage = stages[process.env.STAGE];
if (!stage) throw new Error('STAGE=parse|analyze|select');
const round = () => {
  for (const [k, input] of parsed.entries()) stage(input, k);
};
round();
for (let r = 0; r < Number(process.env.ROUNDS ?? 1); r++) round();
