// What splicing compressed slots into the client's bytes costs, next to what re-serializing cost.
// Usage (after `pnpm exec tsc -b` in packages/proxy): node scripts/measure-splice.mjs [copies=1]
// Builds an Anthropic body whose tool results are the GitHub API responses of evaldata
// (json/github-octokit-fixtures), `copies` times over, replaces every slot with its first 100
// characters, and reports the median of repeated runs (the machine is shared: compare the rows
// of one run with each other, not with another run).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spliceBody } from '../dist/internal/exact-body.js';

let root = dirname(fileURLToPath(import.meta.url));
while (!existsSync(join(root, 'pnpm-workspace.yaml'))) root = dirname(root);
const dir = [join(root, '..', 'shared', 'evaldata'), join(root, '..', '..', 'shared', 'evaldata')].find(existsSync);
if (!dir) throw new Error('evaldata not found next to the repository');
const folder = join(dir, 'json/github-octokit-fixtures/responses');
const files = readdirSync(folder).filter((f) => f.endsWith('.json')).sort().map((f) => readFileSync(join(folder, f), 'utf8'));
const copies = Number(process.argv[2] ?? 1);
const outputs = Array.from({ length: copies }, () => files).flat();

const messages = [{ role: 'user', content: 'go' }];
outputs.forEach((output, i) => {
  messages.push({ role: 'assistant', content: [{ type: 'tool_use', id: `t${i}`, name: 'gh', input: {} }] });
  messages.push({ role: 'user', content: [{ type: 'tool_result', tool_use_id: `t${i}`, content: output }] });
});
const raw = Buffer.from(JSON.stringify({ model: 'm', max_tokens: 10, messages, tools: [{ name: 'gh', input_schema: { type: 'object' } }] }));
const edits = outputs.map((output, i) => ({ path: ['messages', 2 + 2 * i, 'content', 0, 'content'], from: output, to: output.slice(0, 100) }));
const tool = { name: 'headroom_retrieve', input_schema: { type: 'object' } };
const parsed = JSON.parse(raw.toString('utf8'));

const median = (fn) => {
  const runs = [];
  for (let i = 0; i < 21; i++) {
    const start = performance.now();
    fn();
    runs.push(performance.now() - start);
  }
  return runs.sort((a, b) => a - b)[10].toFixed(2);
};
if (!spliceBody(raw, edits, tool)) throw new Error('the splice refused the body');
console.log(`body ${(raw.length / 1e6).toFixed(2)} MB, ${edits.length} slots replaced, median of 21 runs:`);
console.log(`  splice into the original bytes (scan + verify + splice): ${median(() => spliceBody(raw, edits, tool))} ms`);
console.log(`  JSON.stringify of the body (the old path):              ${median(() => Buffer.from(JSON.stringify(parsed), 'utf8'))} ms`);
console.log(`  JSON.parse of the body (paid on every request anyway):   ${median(() => JSON.parse(raw.toString('utf8')))} ms`);
