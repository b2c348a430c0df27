// Where a pipeline's time goes on the bench's rag inputs: the bench's compressor set, the same set
// without the code compressor, and this compressor alone (detect + compress); CPU time, per input best of
// the rounds summed (as the bench), and the median of whole rounds.
// Run after `pnpm --filter @headroom/bench... build`: node packages/compressor-rag/scripts/pipeline-share.mjs [rounds]
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join, isAbsolute } from 'node:path';
import { fileURLToPath } from 'node:url';
const W = fileURLToPath(new URL('../../../', import.meta.url)).replace(/\/$/, '');
const { createMemoryStore, createPipeline, createTokenizer, createMarker, refOf } = await import(`${W}/packages/core/dist/index.js`);
const { benchCompressors } = await import(`${W}/apps/bench/dist/measure.js`);
const { ragCompressor } = await import(`${W}/packages/compressor-rag/dist/index.js`);
const { DOCUMENT_CASES, SEARCH_CASES, EVALDATA_QUERIES } = await import(`${W}/apps/bench/dist/rag/cases.js`);
const inputs = [];
const ev = join(W, '..', 'shared', 'evaldata', 'shell-outputs');
for (const f of readdirSync(ev)) { const q = EVALDATA_QUERIES[f]; if (q) inputs.push({ text: readFileSync(join(ev, f), 'utf8'), query: q, tool: 'Bash', command: 'grep -rn' }); }
for (const c of SEARCH_CASES) { if (c.cwd === 'GIT_SCRATCH') continue; const cwd = isAbsolute(c.cwd) ? c.cwd : join(W, c.cwd); if (!existsSync(cwd)) continue;
  const t = spawnSync(c.command[0], c.command.slice(1), { cwd, encoding: 'utf8', maxBuffer: 1 << 26 }).stdout; if (t) inputs.push({ text: t, query: c.query, tool: 'Bash', command: c.command.join(' ') }); }
for (const c of DOCUMENT_CASES) { const p = isAbsolute(c.path) ? c.path : join(W, c.path); if (existsSync(p)) inputs.push({ text: readFileSync(p, 'utf8'), query: c.question, tool: 'WebFetch' }); }
const bytes = inputs.reduce((n, i) => n + Buffer.byteLength(i.text), 0);
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const tokenizer = createTokenizer();
const variants = {
  'pipeline, bench set': async (i) => { const p = createPipeline({ compressors: benchCompressors(), store: createMemoryStore(), policy: { timeoutMs: 60000 } }); await p.compress(i.text, { toolName: i.tool, query: i.query, ...(i.command ? { hints: { command: i.command } } : {}) }); },
  'pipeline, bench set less code': async (i) => { const p = createPipeline({ compressors: benchCompressors().filter((c) => c.name !== 'code'), store: createMemoryStore(), policy: { timeoutMs: 60000 } }); await p.compress(i.text, { toolName: i.tool, query: i.query, ...(i.command ? { hints: { command: i.command } } : {}) }); },
  'rag alone (detect + compress)': async (i) => { const r = ragCompressor(); const c = { tokenizer, mode: 'lossy', query: i.query, toolName: i.tool, ...(i.command ? { hints: { command: i.command } } : {}), options: {}, deadline: Date.now() + 60000, offload: (o, m) => createMarker(refOf(o), m.summary) }; r.detect(i.text, c); r.compress(i.text, c); },
};
const T = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
// Per input, the best round (as the bench takes the better of two runs per input), and the median of whole rounds.
const best = Object.fromEntries(Object.keys(variants).map((k) => [k, inputs.map(() => Number.POSITIVE_INFINITY)]));
for (let r = 0; r < Number(process.argv[2] ?? 5); r++) for (const [k, f] of Object.entries(variants)) { const t = cpu(); for (const [n, i] of inputs.entries()) { const s = cpu(); await f(i); best[k][n] = Math.min(best[k][n], cpu() - s); } T[k].push(cpu() - t); }
for (const [k, a] of Object.entries(T)) { a.sort((x, y) => x - y); const m = a[Math.floor(a.length / 2)]; const b = best[k].reduce((x, y) => x + y, 0); console.log(`${k.padEnd(32)} ${(bytes / 1e3 / b).toFixed(1)} MB/s (sum of per-input best CPU ${b.toFixed(0)} ms; round median ${(bytes / 1e3 / m).toFixed(1)} MB/s, ${m.toFixed(0)} ms; ${(bytes / 1e6).toFixed(2)} MB, ${inputs.length} inputs)`); }
console.log(`load average ${(await import('node:os')).loadavg()[0].toFixed(1)}`);
