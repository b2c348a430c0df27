// Preload for the proxy process of livez-big-bodies.mjs (TURNS=1): the CPU time the request thread
// spent in each event-loop turn while large bodies were in flight, from the thread's own scheduler
// clock (/proc/thread-self/schedstat, Linux). Unlike /livez latency it does not grow with other
// processes' load, so it shows what the proxy itself holds the loop for. Printed to stderr at exit.
import { readFileSync } from 'node:fs';
import { subscribe } from 'node:diagnostics_channel';
import { isMainThread } from 'node:worker_threads';

if (isMainThread) {
  const ranMs = () => Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]) / 1e6;
  let from = Number.POSITIVE_INFINITY;
  // The load starts with the first request whose body is a megabyte or more.
  subscribe('http.server.request.start', ({ request }) => {
    if (Number(request.headers['content-length']) >= 1024 * 1024 && from === Number.POSITIVE_INFINITY) from = performance.now();
  });
  const turns = [];
  let last = ranMs();
  const timer = setInterval(() => {
    const now = ranMs();
    if (performance.now() >= from) turns.push(now - last);
    last = now;
  }, 2);
  timer.unref();
  process.on('exit', () => {
    const top = turns.sort((a, b) => b - a);
    const line = { turns: top.length, topCpuMs: top.slice(0, 8).map((t) => Number(t.toFixed(1))), over10ms: top.filter((t) => t > 10).length, over5ms: top.filter((t) => t > 5).length };
    process.stderr.write(`request-thread CPU per 2 ms tick while large bodies were in flight: ${JSON.stringify(line)}\n`);
  });
}
