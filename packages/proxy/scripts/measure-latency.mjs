// Quick local latency/throughput/memory check of the proxy (the full comparison lives in `pnpm bench`).
// Usage (after `pnpm exec tsc -b` in packages/proxy):
//   [COMPRESSORS=real] [STORE=sqlite] [MODES=direct,bare,off,on] [UPSTREAM_DELAY_MS=0] node scripts/measure-latency.mjs [requestsPerRound=1000] [concurrency=32] [memoryRequests=10000]
// The proxy runs in a child process (node --expose-gc); the load client and the scripted upstream
// share this one. The machine is shared, so the modes run interleaved in 3 rounds and the proxy's
// own CPU time per request is reported too (it does not depend on what else is running).
import { fork } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createMemoryStore } from '@headroom/core';
import { Pool } from 'undici';

if (process.argv[2] === '--child') await serveProxy(process.argv[3]);
else await main();

async function serveProxy(upstreamUrl) {
  const { startProxy } = await import('../dist/index.js');
  // COMPRESSORS=real uses @headroom/compressor-json and -logs instead of the test compressors.
  const compressors =
    process.env.COMPRESSORS === 'real'
      ? [(await import('@headroom/compressor-json')).jsonCompressor(), (await import('@headroom/compressor-logs')).logsCompressor()]
      : await import('../dist/internal/test-kit.js').then((kit) => [kit.minifyJson, kit.foldLines]);
  // STORE=sqlite uses @headroom/store-sqlite in a temp dir (what the CLI runs) instead of the memory store.
  const store =
    process.env.STORE === 'sqlite'
      ? (await import('@headroom/store-sqlite')).createSqliteStore({ path: join(mkdtempSync(join(tmpdir(), 'headroom-latency-')), 'headroom.db') })
      : createMemoryStore();
  const proxy = await startProxy({ port: 0, openaiUpstream: upstreamUrl, anthropicUpstream: upstreamUrl, store, compressors, outboundProxy: false });
  // A bare relay (node:http + undici Pool, no routing, headers, ledger or usage): the floor to compare with.
  const pool = new Pool(upstreamUrl);
  const bare = createServer(async (req, res) => {
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    const body = Buffer.concat(chunks);
    const answer = await pool.request({ path: req.url, method: req.method, headers: { 'content-type': 'application/json', 'content-length': String(body.length) }, body });
    res.writeHead(answer.statusCode, answer.headers);
    for await (const chunk of answer.body) res.write(chunk);
    res.end();
  });
  await new Promise((resolve) => bare.listen(0, '127.0.0.1', resolve));
  let seen = 0;
  process.on('message', async (message) => {
    if (message === 'sample') {
      const rows = await store.ledger.read({ type: 'request' });
      const added = rows.slice(seen).map((e) => e.addedLatencyMs);
      seen = rows.length;
      globalThis.gc?.();
      process.send({ cpu: process.cpuUsage(), memory: process.memoryUsage(), added });
    } else if (message === 'stop') {
      await proxy.close();
      process.exit(0);
    }
  });
  process.send({ url: proxy.url, bareUrl: `http://127.0.0.1:${bare.address().port}` });
}

async function main() {
  const [perRound = 1000, concurrency = 32, memoryRequests = 10000] = process.argv.slice(2).map(Number);
  const { openaiChatCompletion, startScriptedUpstream } = await import('../dist/testing/index.js');
  // UPSTREAM_DELAY_MS: the upstream waits this long before answering, like a real model would.
  const delay = Number(process.env.UPSTREAM_DELAY_MS ?? 0);
  const reply = { json: openaiChatCompletion(), ...(delay > 0 ? { delayMs: delay } : {}) };
  const upstream = await startScriptedUpstream({ handler: () => reply, record: false });
  const child = fork(fileURLToPath(import.meta.url), ['--child', upstream.url], { execArgv: ['--expose-gc', ...(process.env.PROXY_NODE_ARGS ? process.env.PROXY_NODE_ARGS.split(' ') : [])] });
  const next = () => new Promise((resolve) => child.once('message', resolve));
  const { url: proxyUrl, bareUrl } = await next();
  const sample = async () => {
    child.send('sample');
    return next();
  };

  // ~100 KB: 8 resent tool results (memo hits after the first request) and one new one (first sight).
  const history = [];
  for (let t = 0; t < 8; t++) {
    const rows = Array.from({ length: 150 }, (_, i) => ({ id: t * 1000 + i, name: `row ${i}`, ok: i % 9 !== 0 }));
    history.push({ role: 'assistant', content: null, tool_calls: [{ id: `c${t}`, type: 'function', function: { name: 'q', arguments: '{}' } }] });
    history.push({ role: 'tool', tool_call_id: `c${t}`, content: JSON.stringify(rows, null, 2) });
  }
  const head = JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'go' }, ...history] }).slice(0, -2);
  let serial = 0;
  const body = () => {
    const fresh = Array.from({ length: 150 }, (_, i) => ({ id: serial * 1000 + i, request: serial, name: `new ${i}` }));
    serial++;
    const call = { role: 'assistant', content: null, tool_calls: [{ id: 'cnew', type: 'function', function: { name: 'q', arguments: '{}' } }] };
    return `${head},${JSON.stringify(call)},${JSON.stringify({ role: 'tool', tool_call_id: 'cnew', content: JSON.stringify(fresh, null, 2) })}]}`;
  };

  async function load(origin, count, headers = {}) {
    const pool = new Pool(origin, { connections: concurrency });
    const latencies = [];
    let issued = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (issued++ < count) {
          const payload = body();
          const t = performance.now();
          const res = await pool.request({ path: '/v1/chat/completions', method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: payload });
          await res.body.arrayBuffer();
          if (res.statusCode !== 200) throw new Error(`status ${res.statusCode}`);
          latencies.push(performance.now() - t);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    await pool.close();
    return { rps: latencies.length / seconds, latencies };
  }

  const pct = (values, p) => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
  };
  const median = (values) => pct(values, 0.5);
  const modes = {
    direct: { origin: upstream.url, headers: {} },
    bare: { origin: bareUrl, headers: {} },
    off: { origin: proxyUrl, headers: { 'x-headroom-mode': 'off' } },
    on: { origin: proxyUrl, headers: {} },
  };
  const results = { direct: [], bare: [], off: [], on: [] };
  const cpu = { bare: [], off: [], on: [], added: [] };
  console.log(`body ${Buffer.byteLength(body())} bytes; ${perRound} requests per mode per round, 3 rounds, concurrency ${concurrency}; upstream answers after ${delay} ms`);
  // MODES=off,on limits the run (for profiling one mode).
  const run = (process.env.MODES ?? 'direct,off,on').split(',');
  for (const mode of run) await load(modes[mode].origin, 200, modes[mode].headers); // warm-up
  for (let round = 0; round < 3; round++) {
    for (const mode of run) {
      const before = await sample();
      const result = await load(modes[mode].origin, perRound, modes[mode].headers);
      const after = await sample();
      results[mode].push(result);
      if (mode !== 'direct') {
        const used = after.cpu.user + after.cpu.system - before.cpu.user - before.cpu.system;
        cpu[mode].push(used / 1000 / perRound);
        if (mode === 'on') cpu.added.push(...after.added);
      }
    }
  }
  const row = (name, mode) => {
    const rps = median(results[mode].map((r) => r.rps));
    const all = results[mode].flatMap((r) => r.latencies);
    const share = mode === 'direct' || results.direct.length === 0 ? '' : ` (${Math.round((100 * rps) / median(results.direct.map((r) => r.rps)))}% of direct)`;
    const proxyCpu = cpu[mode] ? median(cpu[mode]).toFixed(2) : '-';
    return `| ${name} | ${Math.round(rps)}${share} | ${pct(all, 0.5).toFixed(1)} | ${pct(all, 0.99).toFixed(1)} | ${proxyCpu} |`;
  };
  console.log('| mode | req/s (median of rounds) | client p50 ms | client p99 ms | proxy CPU ms/request |');
  console.log('|---|---|---|---|---|');
  if (run.includes('direct')) console.log(row('direct to upstream', 'direct'));
  if (run.includes('bare')) console.log(row('bare node:http + undici relay (floor)', 'bare'));
  if (run.includes('off')) console.log(row('proxy, x-headroom-mode: off', 'off'));
  if (run.includes('on')) console.log(row('proxy, lossless compression', 'on'));
  if (run.includes('on')) console.log(`added latency measured inside the proxy (body received -> forwarded), compression on: p50 ${pct(cpu.added, 0.5).toFixed(2)} ms, p99 ${pct(cpu.added, 0.99).toFixed(2)} ms`);

  if (memoryRequests > 0) {
    const mib = (bytes) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
    const show = (s) => `rss ${mib(s.memory.rss)}, heap ${mib(s.memory.heapUsed)}, external ${mib(s.memory.external + s.memory.arrayBuffers)}`;
    const m0 = await sample();
    await load(proxyUrl, memoryRequests / 2, modes.off.headers);
    const m1 = await sample();
    await load(proxyUrl, memoryRequests / 2, modes.off.headers);
    const m2 = await sample();
    console.log(`proxy memory over ${memoryRequests} requests (mode off; a memory store keeps one ledger row per request):`);
    console.log(`  start: ${show(m0)}\n  after ${memoryRequests / 2}: ${show(m1)}\n  after ${memoryRequests}: ${show(m2)}`);
  }
  child.send('stop');
  await upstream.close();
}
