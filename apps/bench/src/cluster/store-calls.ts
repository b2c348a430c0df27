import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { codeCompressor } from '@headroom/compressor-code';
import { jsonCompressor } from '@headroom/compressor-json';
import { logsCompressor } from '@headroom/compressor-logs';
import type { HeadroomStore } from '@headroom/core';
import { startProxy } from '@headroom/proxy';
import { createRedisStore } from '@headroom/store-redis';
import { startRedisServer } from '@headroom/store-redis/testing';
import { createSqliteWorkerStore } from '@headroom/store-sqlite';
import { createBodyFactory } from '../proxy/internal/request-bodies.js';

// Standalone: `node apps/bench/dist/cluster/store-calls.js [bodyBytes]`. Where the store's time
// goes on one proxy: the calls each request makes (one at a time, concurrency 1) and their mean
// duration, on the SQLite worker store and on Redis, with the cluster section's bodies.

type Stats = Map<string, { calls: number; ms: number }>;

/** Wraps the store's methods in place to count and time each call. */
function instrument(store: HeadroomStore): Stats {
  const stats: Stats = new Map();
  const areas = { originals: ['put', 'get', 'touch'], memo: ['get', 'set'], ledger: ['append'] } as const;
  for (const [area, names] of Object.entries(areas)) {
    const target = store[area as keyof typeof areas] as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
    for (const name of names) {
      const original = target[name];
      if (!original) continue;
      target[name] = async (...args: unknown[]) => {
        const started = performance.now();
        try {
          return await original(...args);
        } finally {
          const entry = stats.get(`${area}.${name}`) ?? { calls: 0, ms: 0 };
          entry.calls += 1;
          entry.ms += performance.now() - started;
          stats.set(`${area}.${name}`, entry);
        }
      };
    }
  }
  return stats;
}

const bodyBytes = Number(process.argv[2] ?? 10_000);
const REPLY = JSON.stringify({ id: 'm', type: 'message', role: 'assistant', model: 'm', content: [{ type: 'text', text: 'ok' }], stop_reason: 'end_turn', usage: { input_tokens: 1, output_tokens: 1 } });
const upstream = createServer((req, res) => {
  req.resume();
  req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(REPLY));
});
await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
const upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
const redis = await startRedisServer();
const home = mkdtempSync(join(tmpdir(), 'headroom-store-calls-'));
const body = createBodyFactory(bodyBytes);
const N = 60;
try {
  for (const kind of ['sqlite', 'redis'] as const) {
    const store = kind === 'redis' ? await createRedisStore({ url: redis.url }) : await createSqliteWorkerStore({ home });
    const stats = instrument(store);
    const proxy = await startProxy({ port: 0, anthropicUpstream: upstreamUrl, store, mode: 'lossless', compressors: [jsonCompressor(), logsCompressor(), codeCompressor()] });
    const send = async (i: number) => {
      const response = await fetch(`${proxy.url}/v1/messages`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': 'sk-bench' }, body: body(i) });
      await response.text();
    };
    for (let i = 0; i < 20; i++) await send(i);
    stats.clear();
    const started = performance.now();
    for (let i = 20; i < 20 + N; i++) await send(i);
    const perRequest = (performance.now() - started) / N;
    const calls = [...stats].map(([name, s]) => `${name} ${(s.calls / N).toFixed(1)}/request, mean ${s.ms / s.calls >= 1 ? (s.ms / s.calls).toFixed(2) : (s.ms / s.calls).toFixed(3)} ms`);
    process.stdout.write(`${kind}: ${perRequest.toFixed(2)} ms per request (${bodyBytes / 1000} KB, concurrency 1); ${calls.join('; ')}\n`);
    await proxy.close();
    await store.close();
  }
} finally {
  await redis.stop();
  upstream.close();
  rmSync(home, { recursive: true, force: true });
}
