// A/B of built checkouts through the bench's pipeline, in one process: the bench's 36 rag inputs (search outputs
// and documents), CPU time of pipeline.compress per input, best over the rounds, summed; the checkouts run in
// alternating order each round, and outputs are compared. Include a second copy of the reference checkout: the
// gap between two identical builds is the harness's own spread (±8% seen at load 10-20).
// Run after `pnpm --filter @headroom/bench... build` in each checkout:
//   ROOTS='{"main":"/path/a","main-copy":"/path/a-copy","branch":"/path/b"}' node packages/compressor-rag/scripts/ab-pipeline.mjs [rounds]
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join, isAbsolute } from 'node:path';
import { fileURLToPath } from 'node:url';
const here = fileURLToPath(new URL('../../../', import.meta.url)).replace(/\/$/, '');
const roots = JSON.parse(process.env.ROOTS ?? JSON.stringify({ this: here }));
const names = Object.keys(roots);
const libs = {};
for (const [k, W] of Object.entries(roots)) libs[k] = { core: await import(`${W}/packages/core/dist/index.js`), bench: await import(`${W}/apps/bench/dist/measure.js`), rag: await import(`${W}/packages/compressor-rag/dist/index.js`) };
const W = Object.values(roots).at(-1);
const { DOCUMENT_CASES, SEARCH_CASES, EVALDATA_QUERIES } = await import(`${W}/apps/bench/dist/rag/cases.js`);
const inputs = [];
const ev = join(W, '..', 'shared', 'evaldata', 'shell-outputs');
for (const f of readdirSync(ev)) { const q = EVALDATA_QUERIES[f]; if (q) inputs.push({ text: readFileSync(join(ev, f), 'utf8'), query: q, tool: 'Bash', command: 'grep -rn' }); }
for (const c of SEARCH_CASES) { if (c.cwd === 'GIT_SCRATCH') continue; const cwd = isAbsolute(c.cwd) ? c.cwd : join(W, c.cwd); if (!existsSync(cwd)) continue;
  const t = spawnSync(c.command[0], c.command.slice(1), { cwd, encoding: 'utf8', maxBuffer: 1 << 26 }).stdout; if (t) inputs.push({ text: t, query: c.query, tool: 'Bash', command: c.command.join(' ') }); }
for (const c of DOCUMENT_CASES) { const p = isAbsolute(c.path) ? c.path : join(W, c.path); if (existsSync(p)) inputs.push({ text: readFileSync(p, 'utf8'), query: c.question, tool: 'WebFetch', doc: true }); }
const bytes = inputs.reduce((n, i) => n + Buffer.byteLength(i.text), 0);
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const run = {};
for (const [k, L] of Object.entries(libs)) {
  run[k] = async (i) => { const p = L.core.createPipeline({ compressors: L.bench.benchCompressors(), store: L.core.createMemoryStore(), policy: { timeoutMs: 60000 } }); const s = cpu(); const r = await p.compress(i.text, { toolName: i.tool, query: i.query, ...(i.command ? { hints: { command: i.command } } : {}) }); return [cpu() - s, r.text]; };
}
const best = Object.fromEntries(names.map((k) => [k, inputs.map(() => Infinity)]));
let diff = 0;
const rounds = Number(process.argv[2] ?? 40);
for (let r = 0; r < rounds; r++) {
  const order = r % 2 ? [...names] : [...names].reverse();
  for (const [n, i] of inputs.entries()) { const outs = {}; for (const k of order) { const [t, text] = await run[k](i); best[k][n] = Math.min(best[k][n], t); outs[k] = text; } if (r === 0 && names.some((k) => outs[k] !== outs[names[0]])) diff++; }
}
const sum = (a, f = () => true) => a.reduce((x, y, n) => x + (f(inputs[n]) ? y : 0), 0);
for (const k of names) console.log(`${k.padEnd(5)} pipeline ${(bytes / 1e3 / sum(best[k])).toFixed(1)} MB/s  ${sum(best[k]).toFixed(1)} ms (search ${sum(best[k], (i) => !i.doc).toFixed(1)}, documents ${sum(best[k], (i) => i.doc).toFixed(1)})`);
console.log(`${names.map((k) => `${k}/${names[0]} ${(sum(best[k]) / sum(best[names[0]])).toFixed(3)}`).join('; ')}; outputs differing ${diff}; load ${(await import('node:os')).loadavg()[0].toFixed(1)}`);
