// CPU time per request of each thread of one bench server process (from /proc/PID/task), the
// figure that other work on the machine moves least. After a build:
// `MODE=off node apps/bench/scripts/proxy-cost-cpu.mjs`; MODE=relay|off|seen|fresh, KB=body size,
// N=measured requests, C=concurrency, EXTRA=more node flags for the proxy. `seen` cycles over 200 bodies sent once before (every slot a
// cache hit); `fresh` sends new bodies (60% resent history, as in the bench). Linux only.
import { fork } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PROXY_NODE_FLAGS } from '@headroom/proxy/config';
import { createBodyFactory } from '../dist/proxy/internal/request-bodies.js';
import { runLoad } from '../dist/proxy/internal/run-load.js';

const MODE = process.env.MODE ?? 'off', KB = Number(process.env.KB ?? 100), N = Number(process.env.N ?? 2000), C = Number(process.env.C ?? 1);
const script = (name) => fileURLToPath(new URL(`../dist/proxy/internal/${name}.js`, import.meta.url));
function start(name, args) {
  // The proxy with the node flags it is run with (`headroom proxy`, apps/proxy); EXTRA adds flags to it (comparisons).
  const execArgv = name === 'proxy-process' ? ['--expose-gc', ...PROXY_NODE_FLAGS, ...(process.env.EXTRA ?? '').split(' ').filter(Boolean)] : ['--expose-gc'];
  const child = fork(script(name), args, { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve) => child.on('message', (m) => m.type === 'ready' && resolve({ url: m.url, pid: child.pid, close: () => new Promise((done) => { child.send({ type: 'close' }); child.on('exit', done); }) })));
}
/** CPU milliseconds of each thread so far (the scheduler's figure in ns, not clock ticks of 10 ms). */
function threads(pid) {
  return Object.fromEntries(readdirSync(`/proc/${pid}/task`).map((tid) => [tid, Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]) / 1e6]));
}
const upstream = await start('upstream-process', []);
const server = MODE === 'relay' ? await start('relay-process', [upstream.url]) : await start('proxy-process', [upstream.url, MODE === 'off' ? 'off' : 'on', 'sqlite']);
const bodyOf = createBodyFactory(KB * 1024);
const cycle = Array.from({ length: 200 }, (_, i) => bodyOf(i));
const fresh = MODE === 'fresh' ? Array.from({ length: N }, (_, i) => bodyOf(1_000_000 + i)) : undefined;
// Warm-up, and the first sight of the bodies `seen` resends.
await runLoad({ url: server.url, concurrency: C, requests: cycle.length, body: (i) => cycle[i] });
const before = threads(server.pid);
const load = await runLoad({ url: server.url, concurrency: C, requests: N, body: (i) => (fresh ? fresh[i] : cycle[i % cycle.length]) });
const after = threads(server.pid);
const [mainTid] = Object.keys(after).sort((a, b) => Number(a) - Number(b));
let total = 0;
const rows = [];
for (const [tid, ms] of Object.entries(after)) {
  const used = ms - (before[tid] ?? 0);
  total += used;
  if (used > 0) rows.push(`${tid === mainTid ? 'main' : `thread ${tid}`}: ${((used / N) * 1000).toFixed(0)} µs`);
}
console.log(`${MODE} ${KB} KB, concurrency ${C}, ${N} requests (${load.errors} errors): ${((total / N) * 1000).toFixed(0)} µs of CPU per request; ${rows.join(', ')}`);
await server.close();
await upstream.close();
