// The reliability section's first scenario alone, for side-by-side runs and profiles: six 25 MB
// Bash results (Loghub lines) at once through `reliability-proxy.js <threads|in-thread>`, /livez
// polled every 10 ms. After a build: `node apps/bench/scripts/livez-big-bodies.mjs`;
// PROF=dir adds --cpu-prof to the proxy, TURNS=1 prints the request thread's CPU per loop turn
// (turn-cpu.mjs, Linux), CHAT=1 adds the conversation step (as `headroom proxy` runs by default),
// KIND=in-thread, N=bodies, MB=size of each.
import { fork } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';
import { evaldataDir } from '../dist/proxy/internal/evaldata-dir.js';
import { forkChild } from '../dist/proxy/internal/fork-child.js';
const prof = process.env.PROF;
const N = Number(process.env.N ?? 6);
const MB = Number(process.env.MB ?? 25);
const evaldata = evaldataDir();
function big(seed) {
  const dir = join(evaldata, 'logs');
  const lines = readdirSync(dir).flatMap((s) => { try { return readFileSync(join(dir, s, `${s}_2k.log`), 'utf8').split('\n').filter(Boolean); } catch { return []; } });
  const out = []; let size = 0;
  for (let i = 0; size < MB * 1024 * 1024; i++) { const l = `${seed}:${i} ${lines[i % lines.length]}`; out.push(l); size += l.length + 1; }
  return out.join('\n');
}
const body = (t) => JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 100, messages: [ { role: 'user', content: 'Why?' }, { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_logs', name: 'Bash', input: { command: 'cat /var/log/x.log' } }] }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_logs', content: t }] } ] });
const H = { 'content-type': 'application/json', 'x-api-key': 'bench', 'anthropic-version': '2023-06-01' };
const upstream = await forkChild('upstream-process', []);
const home = mkdtempSync(join(tmpdir(), 'ps-rel-'));
const child = fork(fileURLToPath(new URL('../dist/reliability/reliability-proxy.js', import.meta.url)), [upstream.url, process.env.KIND ?? 'threads', home, ...(process.env.CHAT ? ['chat'] : [])], { execArgv: [...(prof ? ['--cpu-prof', `--cpu-prof-dir=${prof}`] : []), ...(process.env.TURNS ? ['--import', fileURLToPath(new URL('./turn-cpu.mjs', import.meta.url))] : [])], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
const url = await new Promise((r) => child.on('message', (m) => m.type === 'ready' && r(m.url)));
async function post(b) { const t = performance.now(); const a = await request(`${url}/v1/messages`, { method: 'POST', headers: H, body: b, reset: true, headersTimeout: 600000, bodyTimeout: 600000 }); await a.body.text(); return { ms: performance.now() - t, before: a.headers['x-headroom-tokens-before'], after: a.headers['x-headroom-tokens-after'], failed: a.headers['x-headroom-compression-failed'] }; }
await post(body('warm-up'));
const bodies = Array.from({ length: N }, (_, i) => body(big(i + 1)));
let pending = N; const samples = [];
const t0 = performance.now();
const sent = Promise.all(bodies.map((b) => post(b).finally(() => pending--)));
while (pending > 0) { const s = performance.now(); const a = await request(`${url}/livez`, { reset: true }); await a.body.text(); samples.push(performance.now() - s); await new Promise((r) => setTimeout(r, 10)); }
const res = await sent;
samples.sort((a, b) => a - b);
const at = (p) => samples[Math.min(samples.length - 1, Math.ceil(p / 100 * samples.length) - 1)];
console.log(JSON.stringify({ n: samples.length, p50: at(50).toFixed(1), p99: at(99).toFixed(1), max: samples.at(-1).toFixed(1), top: samples.slice(-8).map((x) => x.toFixed(0)).join(','), total: (performance.now() - t0).toFixed(0), res }));
child.send({ type: 'close' });
await new Promise((r) => child.on('exit', r));
await upstream.close();
rmSync(home, { recursive: true, force: true });
