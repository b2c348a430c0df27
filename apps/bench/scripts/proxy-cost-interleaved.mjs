// The proxy bench's processes, one request (or C at once) per mode in turn, so that every mode sees
// the same machine load: p50/p99 per mode. After a build: `node apps/bench/scripts/proxy-cost-interleaved.mjs`;
// KB=body size, N=requests per mode, C=concurrency, DELAY=upstream ms, ONLY=modes, STORE=memory,
// PROF=dir adds --cpu-prof to the compressing proxy (seen and fresh).
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { PROXY_NODE_FLAGS } from '@headroom/proxy/config';
import { Pool } from 'undici';
import { forkChild } from '../dist/proxy/internal/fork-child.js';
import { createBodyFactory } from '../dist/proxy/internal/request-bodies.js';
const KB = Number(process.env.KB ?? 100), N = Number(process.env.N ?? 200), C = Number(process.env.C ?? 1);
const upstream = await forkChild('upstream-process', []);
const relay = await forkChild('relay-process', [upstream.url]);
const off = await forkChild('proxy-process', [upstream.url, 'off', 'sqlite']);
let on;
if (process.env.PROF) {
  const child = fork(fileURLToPath(new URL('../dist/proxy/internal/proxy-process.js', import.meta.url)), [upstream.url, 'on', process.env.STORE ?? 'sqlite'], { execArgv: [...PROXY_NODE_FLAGS, '--cpu-prof', `--cpu-prof-dir=${process.env.PROF}`], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const url = await new Promise((r) => child.on('message', (m) => m.type === 'ready' && r(m.url)));
  on = { url, close: async () => { child.send({ type: 'close' }); await new Promise((r) => child.on('exit', r)); } };
} else on = await forkChild('proxy-process', [upstream.url, 'on', process.env.STORE ?? 'sqlite']);
const bodyOf = createBodyFactory(KB * 1024);
const seen = Array.from({ length: N }, (_, i) => bodyOf(7_000_000 + i));
const fresh = Array.from({ length: N }, (_, i) => bodyOf(8_000_000 + i));
const H = { 'content-type': 'application/json', 'x-api-key': 'sk-bench', 'anthropic-version': '2023-06-01', ...(process.env.DELAY ? { 'x-bench-delay-ms': process.env.DELAY } : {}) };
const pools = new Map();
async function one(url, body) { let p = pools.get(url); if (!p) pools.set(url, (p = new Pool(url, { connections: 64, pipelining: 1 }))); const t = performance.now(); const a = await p.request({ path: '/v1/messages', method: 'POST', headers: H, body }); await a.body.arrayBuffer(); return performance.now() - t; }
// warm: every target, and first sight of the seen bodies
for (const t of [upstream, relay, off]) for (let i = 0; i < 50; i++) await one(t.url, fresh[i % 10]);
for (let i = 0; i < N; i += C) await Promise.all(seen.slice(i, i + C).map((b) => one(on.url, b)));
const lat = { direct: [], relay: [], off: [], seen: [], fresh: [] };
const targets = { direct: upstream.url, relay: relay.url, off: off.url, seen: on.url, fresh: on.url };
const only = process.env.ONLY?.split(',');
for (let i = 0; i < N; i += C) {
  for (const m of Object.keys(lat)) {
    if (only && !only.includes(m)) continue;
    const bodies = m === 'seen' ? seen : fresh;
    const each = await Promise.all(bodies.slice(i, i + C).map((b) => one(targets[m], b)));
    lat[m].push(...each);
  }
}
const med = (a) => { const s = [...a].sort((x, y) => x - y); return s[Math.floor(s.length / 2)]; };
const p99 = (a) => { const s = [...a].sort((x, y) => x - y); return s[Math.ceil(s.length * 0.99) - 1]; };
console.log(`KB=${KB} C=${C} N=${N}`, Object.entries(lat).filter(([, v]) => v.length).map(([k, v]) => `${k} p50 ${med(v).toFixed(2)} p99 ${p99(v).toFixed(1)}`).join(' | '));
for (const p of pools.values()) await p.close();
for (const t of [on, off, relay, upstream]) await t.close();
