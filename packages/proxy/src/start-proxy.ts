import { createServer } from 'node:http';
import { availableParallelism } from 'node:os';
import type { AddressInfo } from 'node:net';
import { type Compressor, type ConversationStep, createEstimatingTokenizer, createPipeline, type HeadroomStore, HeadroomError, type PipelinePolicy, type PricingTable, type ToolPolicies } from '@headroom/core';
import { isLoopbackBind } from './internal/access.js';
import { createFirstSight } from './internal/first-sight.js';
import { handleRequest, PROXY_MODES, type ProxyContext, type ProxyMode } from './internal/handle-request.js';
import { sendError } from './internal/provider-error.js';
import { createUpstreams, type OutboundProxy } from './internal/upstreams.js';
import { type CompressorSpec, isCompressorSpec } from './workers/compressor-spec.js';
import { createBodyThreads } from './workers/body-threads.js';
import { createSharedTexts } from './workers/shared-texts.js';
import { createWorkerPool } from './workers/worker-pool.js';
import { heldStandIns, pipelineReadingMeasures, storeReadingStandIns, tokenizerReadingMeasures } from './workers/stand-in-views.js';
import { STAND_IN_CHARS } from './internal/locate-body.js';

export type { OutboundProxy } from './internal/upstreams.js';

export type { ProxyMode } from './internal/handle-request.js';

export interface StartProxyOptions {
  /** Default 8787; 0 picks a free port. */
  readonly port?: number;
  /** Default 127.0.0.1. Any other address requires `token`. */
  readonly host?: string;
  /** When set, every request must carry it in `x-headroom-token` (compared in constant time). */
  readonly token?: string;
  /** Default https://api.anthropic.com */
  readonly anthropicUpstream?: string;
  /** Default https://api.openai.com */
  readonly openaiUpstream?: string;
  /** Default https://generativelanguage.googleapis.com (the Gemini API) */
  readonly geminiUpstream?: string;
  readonly store: HeadroomStore;
  /**
   * Compressor objects run on the request thread (simple, fine for tests and small bodies).
   * Compressor modules (`{ module, factory, options }`) run on a pool of worker threads that build
   * their own copies: compression never blocks the event loop, and a compression past its budget
   * is stopped by terminating its thread. Not both kinds at once.
   */
  readonly compressors: readonly Compressor[] | readonly CompressorSpec[];
  /** Threads of the compression pool (module compressors only). Default: available parallelism, at least 1. */
  readonly compressionThreads?: number;
  /** Default 32 MiB. */
  readonly maxBodyBytes?: number;
  /**
   * Request bodies from this size on are decoded, parsed and located on body threads, and their
   * large slot texts reach the compression threads through shared memory: the request thread never
   * parses or copies them. Only with module compressors (worker threads). Default 1 MiB.
   */
  readonly offThreadBodyBytes?: number;
  /** Default `lossy` (omissions redeemable through the retrieve tool); a request may override it with `x-headroom-mode`. */
  readonly mode?: ProxyMode;
  /** Retrieval rounds answered in one turn; the round after the last may not call tools. Default 3. */
  readonly maxRetrievalRounds?: number;
  /** Pipeline policy (minTokens, per-compression timeoutMs, compressorOptions). The mode comes from `mode` and `x-headroom-mode`. */
  readonly policy?: Omit<PipelinePolicy, 'mode' | 'source'>;
  /**
   * A conversation-level step over each lossy request (cross-turn references, stale results elided
   * at compaction points): `chatCompressor()` from `@headroom/compressor-chat`. Default none; the
   * `headroom proxy` command turns it on.
   */
  readonly conversation?: ConversationStep;
  /** Learned tool policies, read on every compression (`createPolicyFileSource` over `HEADROOM_HOME/policy.json`). */
  readonly toolPolicies?: () => ToolPolicies | undefined;
  /** Budget for compressing one request; past it the original bytes are forwarded. Default 3000. */
  readonly compressionTimeoutMs?: number;
  /** How long a client may take to send its request headers; past it the proxy answers 408 and closes. Default 30 000. */
  readonly headersTimeoutMs?: number;
  /** How long a client may take to send its whole request (headers and body); past it 408 and close. Default 60 000. */
  readonly bodyTimeoutMs?: number;
  /** Open client connections at most; further ones are closed at once until one ends. Default 1024. */
  readonly maxConnections?: number;
  /**
   * Host names (`name` for any port, or `name:port`) that may address the proxy besides loopback
   * names and the bind address. Requests naming any other Host or Origin get 403 (DNS rebinding).
   */
  readonly allowedHosts?: readonly string[];
  /** How long a streaming request may wait for the upstream's response headers. Default 60 000. */
  readonly firstByteTimeoutMs?: number;
  /** The same for non-streaming and passthrough requests, which answer only when done. Default 600 000. */
  readonly responseTimeoutMs?: number;
  /** Longest silence between two chunks of a response body. Default 120 000. */
  readonly idleTimeoutMs?: number;
  /** Outbound HTTP(S) proxy. Default: HTTPS_PROXY / HTTP_PROXY / NO_PROXY from the environment; `false` ignores them. */
  readonly outboundProxy?: OutboundProxy | false;
  /** Prices for the dollar figures of /stats, /metrics and /dashboard. Default: `DEFAULT_PRICING` from core (see `loadPricing`). */
  readonly pricing?: PricingTable;
  /** How long `close()` lets in-flight requests finish before cutting them. Default 2000. */
  readonly closeGraceMs?: number;
}

export type { CompressorSpec } from './workers/compressor-spec.js';

export interface RunningProxy {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}


/**
 * Bound of the in-process cache of slot results (characters of slot texts and their compressed
 * forms), and of the bytes its splice memo holds.
 */
const SLOT_CACHE_CHARS = 32 * 1024 * 1024;

export async function startProxy(options: StartProxyOptions): Promise<RunningProxy> {
  const host = options.host ?? '127.0.0.1';
  if (!isLoopbackBind(host) && !options.token) {
    throw new HeadroomError('invalid_argument', `binding ${host} exposes the proxy beyond this machine; set a token (x-headroom-token) to do that`);
  }
  const positive = (name: string, value: number | undefined, fallback: number) => {
    const resolved = value ?? fallback;
    if (!Number.isFinite(resolved) || resolved <= 0) throw new HeadroomError('invalid_argument', `${name} must be a positive number`);
    return resolved;
  };
  const mode = options.mode ?? 'lossy';
  if (!PROXY_MODES.includes(mode)) throw new HeadroomError('invalid_argument', `mode must be one of ${PROXY_MODES.join(', ')}, got ${JSON.stringify(mode)}`);
  const upstreamUrls = {
    anthropic: upstreamUrl('anthropicUpstream', options.anthropicUpstream ?? 'https://api.anthropic.com'),
    openai: upstreamUrl('openaiUpstream', options.openaiUpstream ?? 'https://api.openai.com'),
    google: upstreamUrl('geminiUpstream', options.geminiUpstream ?? 'https://generativelanguage.googleapis.com'),
  };
  if (options.maxConnections !== undefined && !Number.isInteger(options.maxConnections)) throw new HeadroomError('invalid_argument', 'maxConnections must be a whole number');
  const headersTimeout = positive('headersTimeoutMs', options.headersTimeoutMs, 30_000);
  // Node requires the headers deadline to fall within the whole-request one.
  const requestTimeout = Math.max(headersTimeout, positive('bodyTimeoutMs', options.bodyTimeoutMs, 60_000));
  const maxConnections = positive('maxConnections', options.maxConnections, 1024);
  const compressionTimeoutMs = positive('compressionTimeoutMs', options.compressionTimeoutMs, 3000);
  const specs = options.compressors.filter(isCompressorSpec);
  if (specs.length > 0 && specs.length !== options.compressors.length) {
    throw new HeadroomError('invalid_argument', 'compressors must be all objects (run in-thread) or all module specs (run on worker threads), not a mix');
  }
  if (options.compressionThreads !== undefined) positive('compressionThreads', options.compressionThreads, 1);
  // Started before anything that holds sockets; closed again if the rest of the options fail.
  const texts = createSharedTexts();
  const runner = specs.length > 0 ? await createWorkerPool({ compressors: specs, texts, ...(options.compressionThreads !== undefined ? { size: options.compressionThreads } : {}) }) : undefined;
  // Two at most: parsing is short next to compressing, and the cores are the compression pool's.
  const bodyThreads = runner ? createBodyThreads(Math.min(2, availableParallelism())) : undefined;
  // Large texts reach this thread as stand-ins; a conversation step reads one only to rewrite it.
  const standIns = bodyThreads !== undefined;
  const tokenizer = createEstimatingTokenizer();
  const withMeasures = (pipelineOptions: Parameters<typeof createPipeline>[0]) => (bodyThreads ? pipelineReadingMeasures(createPipeline(pipelineOptions), texts) : createPipeline(pipelineOptions));
  let settings: Omit<ProxyContext, 'upstreams' | 'startedAt'>;
  try {
   settings = {
    token: options.token || undefined,
    ...(options.pricing ? { pricing: options.pricing } : {}),
    store: options.store,
    slots:
      options.compressors.length === 0
        ? undefined
        : createFirstSight(
            withMeasures({
              compressors: runner ? [] : (options.compressors as readonly Compressor[]),
              ...(runner ? { runner } : {}),
              store: standIns ? storeReadingStandIns(options.store, texts) : options.store,
              // Estimates on the request path: exact BPE counts cost more than the proxy's whole budget.
              tokenizer: bodyThreads ? tokenizerReadingMeasures(tokenizer, texts) : tokenizer,
              ...(options.toolPolicies ? { toolPolicies: options.toolPolicies } : {}),
              // Each request passes its own mode; this is only the pipeline's default. History is
              // resent every turn: content keeps the bytes of its first sight, whatever is asked later.
              // One compression never outlives the request's budget: past it, its thread is stopped.
              policy: { ...options.policy, timeoutMs: Math.min(options.policy?.timeoutMs ?? 2000, compressionTimeoutMs), mode: 'lossless', source: 'proxy', memoizeByQuery: false },
            }),
            SLOT_CACHE_CHARS,
            options.conversation,
            standIns && runner ? heldStandIns(texts, (standIn) => runner.read(standIn)) : undefined,
          ),
    maxBodyBytes: positive('maxBodyBytes', options.maxBodyBytes, 32 * 1024 * 1024),
    ...(bodyThreads
      ? { largeBodies: { minBytes: positive('offThreadBodyBytes', options.offThreadBodyBytes, 1024 * 1024), threads: bodyThreads, texts, ...(standIns ? { standInChars: STAND_IN_CHARS } : {}) } }
      : {}),
    mode,
    compressionTimeoutMs,
    firstByteTimeoutMs: positive('firstByteTimeoutMs', options.firstByteTimeoutMs, 60_000),
    responseTimeoutMs: positive('responseTimeoutMs', options.responseTimeoutMs, 600_000),
    idleTimeoutMs: positive('idleTimeoutMs', options.idleTimeoutMs, 120_000),
    maxRetrievalRounds: positive('maxRetrievalRounds', options.maxRetrievalRounds, 3),
      hosts: { allowedHosts: (options.allowedHosts ?? []).map((h) => h.trim().toLowerCase()).filter(Boolean), bindHost: host },
   };
  } catch (error) {
    await runner?.close?.();
    await bodyThreads?.close();
    throw error;
  }
  // Created last: everything above may still reject the options, and pools hold sockets.
  const upstreams = createUpstreams(upstreamUrls, options.outboundProxy);
  const context: ProxyContext = { ...settings, upstreams, startedAt: Date.now() };

  const server = createServer(
    {
      headersTimeout,
      requestTimeout,
      // Node checks both deadlines on this interval (default 30 s, which would stretch short ones).
      connectionsCheckingInterval: Math.min(1000, Math.max(10, Math.floor(headersTimeout / 4))),
    },
    (req, res) => {
      handleRequest(req, res, context).catch(() => {
        if (!res.headersSent) sendError(res, 'openai', 'internal', 'unexpected proxy failure');
        else res.destroy();
      });
    },
  );
  server.maxConnections = maxConnections;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 8787, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await upstreams.close();
    await runner?.close?.();
    await bodyThreads?.close();
    throw error;
  }
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  const graceMs = options.closeGraceMs ?? 2000;

  return {
    url: `http://${urlHost}:${port}`,
    port,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const cut = setTimeout(() => server.closeAllConnections(), graceMs);
      await closed;
      clearTimeout(cut);
      await upstreams.close();
      await runner?.close?.();
      await bodyThreads?.close();
    },
  };
}

function upstreamUrl(name: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new HeadroomError('invalid_argument', `${name} is not a URL: ${JSON.stringify(value)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new HeadroomError('invalid_argument', `${name} must be an http(s) URL, got ${url.protocol}`);
  if (url.search || url.hash || url.username || url.password) {
    throw new HeadroomError('invalid_argument', `${name} must not carry a query, fragment or credentials`);
  }
  return value;
}
