import { join } from 'node:path';
import { chatCompressor } from '@headroom/compressor-chat';
import { createPolicyFileSource, POLICY_FILE } from '@headroom/core';
import { type CompressorSpec, type RunningProxy, startProxy } from '@headroom/proxy';
import { createSqliteWorkerStore } from '@headroom/store-sqlite';
import type { ProxyConfig } from './read-proxy-config.js';

/**
 * The default compressors as modules, in pipeline order: the proxy's worker threads build their own
 * from these, so compression never runs on the thread that answers requests.
 */
const COMPRESSORS: readonly CompressorSpec[] = [
  { module: import.meta.resolve('@headroom/compressor-json'), factory: 'jsonCompressor' },
  { module: import.meta.resolve('@headroom/compressor-logs'), factory: 'logsCompressor' },
  { module: import.meta.resolve('@headroom/compressor-code'), factory: 'codeCompressor' },
  { module: import.meta.resolve('@headroom/compressor-text'), factory: 'textCompressor' },
  { module: import.meta.resolve('@headroom/compressor-rag'), factory: 'ragCompressor' },
];

/** A store call waits no longer than the proxy's budget for compressing one request (the proxy's default unless HEADROOM_COMPRESSION_TIMEOUT sets it). */
const DEFAULT_COMPRESSION_TIMEOUT_MS = 3000;

/** In-flight requests (often long model streams) get this long after a stop signal; main.ts exits at 10 s. */
const CLOSE_GRACE_MS = 8_000;

/**
 * The reference wiring: the SQLite store under `config.home` on its own thread, the default
 * compressors on the proxy's worker threads, and the proxy. `close()` stops accepting requests, lets the ones in flight
 * finish, then closes the store.
 */
export async function startReferenceProxy(config: ProxyConfig): Promise<RunningProxy> {
  const store = await createSqliteWorkerStore({ home: config.home, callTimeoutMs: config.limits.compressionTimeoutMs ?? DEFAULT_COMPRESSION_TIMEOUT_MS });
  let proxy: RunningProxy;
  try {
    proxy = await startProxy({
      port: config.port,
      host: config.host,
      store,
      compressors: COMPRESSORS,
      mode: config.mode,
      closeGraceMs: CLOSE_GRACE_MS,
      // What `headroom learn --apply` wrote, followed as it changes; a bad file is reported and skipped.
      toolPolicies: createPolicyFileSource(join(config.home, POLICY_FILE), {
        onProblem: (path, message) => process.stderr.write(`headroom: warning: learned policy ${path} skipped: ${message}\n`),
      }),
      ...config.limits,
      // The conversation step runs on the request thread over whole requests (see its README).
      ...(config.chat ? { conversation: chatCompressor(config.retrieveTool ? { retrieveTool: config.retrieveTool } : {}) } : {}),
      ...(config.token === undefined ? {} : { token: config.token }),
      ...(config.anthropicUpstream === undefined ? {} : { anthropicUpstream: config.anthropicUpstream }),
      ...(config.openaiUpstream === undefined ? {} : { openaiUpstream: config.openaiUpstream }),
      ...(config.geminiUpstream === undefined ? {} : { geminiUpstream: config.geminiUpstream }),
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
