import { codeCompressor } from '@headroom/compressor-code';
import { jsonCompressor } from '@headroom/compressor-json';
import { logsCompressor } from '@headroom/compressor-logs';
import { ragCompressor } from '@headroom/compressor-rag';
import { type RunningProxy, startProxy } from '@headroom/proxy';
import { createSqliteStore } from '@headroom/store-sqlite';
import type { ProxyConfig } from './read-proxy-config.js';

/** In-flight requests (often long model streams) get this long after a stop signal; main.ts exits at 10 s. */
const CLOSE_GRACE_MS = 8_000;

/**
 * The reference wiring: the SQLite store under `config.home`, the JSON, log and code
 * compressors, and the proxy. `close()` stops accepting requests, lets the ones in flight
 * finish, then closes the store.
 */
export async function startReferenceProxy(config: ProxyConfig): Promise<RunningProxy> {
  const store = createSqliteStore({ home: config.home });
  let proxy: RunningProxy;
  try {
    proxy = await startProxy({
      port: config.port,
      host: config.host,
      store,
      compressors: [jsonCompressor(), logsCompressor(), codeCompressor(), ragCompressor()],
      mode: config.mode,
      closeGraceMs: CLOSE_GRACE_MS,
      ...config.limits,
      ...(config.token === undefined ? {} : { token: config.token }),
      ...(config.anthropicUpstream === undefined ? {} : { anthropicUpstream: config.anthropicUpstream }),
      ...(config.openaiUpstream === undefined ? {} : { openaiUpstream: config.openaiUpstream }),
    });
  } catch (error) {
    await store.close();
    throw error;
  }
  return {
    url: proxy.url,
    port: proxy.port,
    close: async () => {
      try {
        await proxy.close();
      } finally {
        await store.close();
      }
    },
  };
}
