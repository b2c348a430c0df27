import { chatCompressor } from '@headroom/compressor-chat';
import { codeCompressor } from '@headroom/compressor-code';
import { jsonCompressor } from '@headroom/compressor-json';
import { logsCompressor } from '@headroom/compressor-logs';
import type { HeadroomStore } from '@headroom/core';
import { startProxy } from '@headroom/proxy';
import { createSqliteStore, createSqliteWorkerStore } from '@headroom/store-sqlite';

// The proxy of the reliability section, in its own process so that its event loop is measured
// alone. argv: <upstream url> <threads|in-thread> <home>. `threads` is the proxy as `headroom
// proxy` runs it (compressors on worker threads, SQLite store on a worker thread with a deadline);
// `in-thread` is the same proxy with compressor objects and the synchronous store, as before. A
// fourth argument `chat` adds the conversation step (`chatCompressor()`), which `headroom proxy`
// runs by default; the section passes it, so its figures are those of the default proxy.
const [upstream = '', kind = 'threads', home = '', step = ''] = process.argv.slice(2);
const budgetMs = 3000;
const modules = [
  ['@headroom/compressor-json', 'jsonCompressor'],
  ['@headroom/compressor-logs', 'logsCompressor'],
  ['@headroom/compressor-code', 'codeCompressor'],
] as const;
const store: HeadroomStore = kind === 'threads' ? await createSqliteWorkerStore({ home, callTimeoutMs: budgetMs }) : createSqliteStore({ home });
const proxy = await startProxy({
  port: 0,
  anthropicUpstream: upstream,
  openaiUpstream: upstream,
  store,
  compressionTimeoutMs: budgetMs,
  ...(step === 'chat' ? { conversation: chatCompressor() } : {}),
  outboundProxy: false,
  compressors: kind === 'threads' ? modules.map(([module, factory]) => ({ module: import.meta.resolve(module), factory })) : [jsonCompressor(), logsCompressor(), codeCompressor()],
});
process.send?.({ type: 'ready', url: proxy.url });
process.on('message', async (message: { type: string }) => {
  if (message.type !== 'close') return;
  await proxy.close();
  await store.close();
  process.exit(0);
});
process.on('disconnect', () => process.exit(0));
