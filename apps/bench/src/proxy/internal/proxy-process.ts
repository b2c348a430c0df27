import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { codeCompressor } from '@headroom/compressor-code';
import { jsonCompressor } from '@headroom/compressor-json';
import { logsCompressor } from '@headroom/compressor-logs';
import { createMemoryStore } from '@headroom/core';
import { startProxy } from '@headroom/proxy';
import { createSqliteStore } from '@headroom/store-sqlite';
import { memoryReply, serveChild } from './child-protocol.js';

// One proxy of the bench, in its own process (as it would be deployed), so that its memory
// can be read alone and its event loop is not shared with the load generator.
// argv: <upstream url> <on|off> <sqlite|memory>. "off" is the same proxy in `mode: 'off'` (what
// a user sets to turn compression off): bodies are forwarded untouched, so the difference to
// "direct" is the cost of the proxy itself.
const [upstream = '', mode = 'off', storeKind = 'sqlite'] = process.argv.slice(2);
const home = mkdtempSync(join(tmpdir(), 'headroom-bench-proxy-'));
const store = storeKind === 'memory' ? createMemoryStore() : createSqliteStore({ home });
const proxy = await startProxy({
  port: 0,
  anthropicUpstream: upstream,
  openaiUpstream: upstream,
  store,
  mode: mode === 'on' ? 'lossless' : 'off',
  compressors: [jsonCompressor(), logsCompressor(), codeCompressor()],
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
