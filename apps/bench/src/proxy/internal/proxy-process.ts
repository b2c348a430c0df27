import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryStore, type HeadroomStore } from '@headroom/core';
import { startProxy } from '@headroom/proxy';
import { createSqliteWorkerStore } from '@headroom/store-sqlite';
import { memoryReply, serveChild } from './child-protocol.js';

// One proxy of the bench, in its own process (as it would be deployed), so that its memory
// can be read alone and its event loop is not shared with the load generator.
// argv: <upstream url> <on|off> <sqlite|memory>. "off" is the same proxy in `mode: 'off'` (what
// a user sets to turn compression off): bodies are forwarded untouched, so the difference to
// "direct" is the cost of the proxy itself. As `headroom proxy` runs it: the compressors on worker
// threads (built from their modules), the SQLite store on its own thread.
const [upstream = '', mode = 'off', storeKind = 'sqlite'] = process.argv.slice(2);
const home = mkdtempSync(join(tmpdir(), 'headroom-bench-proxy-'));
const budgetMs = 3000;
const store: HeadroomStore = storeKind === 'memory' ? createMemoryStore() : await createSqliteWorkerStore({ home, callTimeoutMs: budgetMs });
const modules = [
  ['@headroom/compressor-json', 'jsonCompressor'],
  ['@headroom/compressor-logs', 'logsCompressor'],
  ['@headroom/compressor-code', 'codeCompressor'],
] as const;
const proxy = await startProxy({
  port: 0,
  anthropicUpstream: upstream,
  openaiUpstream: upstream,
  store,
  mode: mode === 'on' ? 'lossless' : 'off',
  compressionTimeoutMs: budgetMs,
  outboundProxy: false,
  compressors: modules.map(([module, factory]) => ({ module: import.meta.resolve(module), factory })),
});
process.send?.({ type: 'ready', url: proxy.url });

serveChild(async (request) => {
  if (request.type === 'memory') return memoryReply();
  if (request.type === 'ledger') {
    const events = await store.ledger.read({ type: 'request', since: request.since });
    return { type: 'ledger', addedLatencyMs: events.map((e) => (e.type === 'request' ? e.addedLatencyMs : 0)) };
  }
  if (request.type === 'stats') return { type: 'stats', requests: 0, bytes: 0 };
  await proxy.close();
  await store.close();
  rmSync(home, { recursive: true, force: true });
  return { type: 'closed' };
});
