import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Readable } from 'node:stream';
import {
  type Compressor,
  createEstimatingTokenizer,
  createPipeline,
  type HeadroomStore,
  HeadroomError,
  type PipelinePolicy,
  type RequestEvent,
} from '@headroom/core';
import { isLoopbackBind, tokenMatches } from './internal/access.js';
import { compressBody } from './internal/compress-body.js';
import { createFirstSight, type FirstSight } from './internal/first-sight.js';
import { forward } from './internal/forward.js';
import { upstreamRequestHeaders } from './internal/headers.js';
import { type ProxyErrorKind, sendError } from './internal/provider-error.js';
import { BodyTooLarge, declaredTooLarge, limitStream, readBody } from './internal/read-body.js';
import { type Route, routeOf } from './internal/route.js';
import { serveLocal } from './internal/serve-local.js';
import { createUpstreams, type OutboundProxy, type Upstreams } from './internal/upstreams.js';
import type { Usage } from './internal/usage-reader.js';

export type { OutboundProxy } from './internal/upstreams.js';

/** `lossless`: compress new content by re-encoding only. `off`: forward every request untouched. */
export type ProxyMode = 'lossless' | 'off';

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
  readonly store: HeadroomStore;
  readonly compressors: readonly Compressor[];
  /** Default 32 MiB. */
  readonly maxBodyBytes?: number;
  /** Default `lossless`; a request may override it with `x-headroom-mode`. */
  readonly mode?: ProxyMode;
  /** Pipeline policy (minTokens, per-compression timeoutMs, compressorOptions). The mode is always lossless. */
  readonly policy?: Omit<PipelinePolicy, 'mode' | 'source'>;
  /** Budget for compressing one request; past it the original bytes are forwarded. Default 3000. */
  readonly compressionTimeoutMs?: number;
  /** How long a streaming request may wait for the upstream's response headers. Default 60 000. */
  readonly firstByteTimeoutMs?: number;
  /** The same for non-streaming and passthrough requests, which answer only when done. Default 600 000. */
  readonly responseTimeoutMs?: number;
  /** Longest silence between two chunks of a response body. Default 120 000. */
  readonly idleTimeoutMs?: number;
  /** Outbound HTTP(S) proxy. Default: HTTPS_PROXY / HTTP_PROXY / NO_PROXY from the environment; `false` ignores them. */
  readonly outboundProxy?: OutboundProxy | false;
  /** How long `close()` lets in-flight requests finish before cutting them. Default 2000. */
  readonly closeGraceMs?: number;
}

export interface RunningProxy {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

interface Resolved {
  readonly token: string | undefined;
  readonly store: HeadroomStore;
  readonly slots: FirstSight | undefined;
  readonly maxBodyBytes: number;
  readonly mode: ProxyMode;
  readonly compressionTimeoutMs: number;
  readonly firstByteTimeoutMs: number;
  readonly responseTimeoutMs: number;
  readonly idleTimeoutMs: number;
}

const MODE_HEADER = 'x-headroom-mode';
/** Bound of the in-process cache of slot results (characters of compressed text). */
const SLOT_CACHE_CHARS = 16 * 1024 * 1024;

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
  const mode = options.mode ?? 'lossless';
  if (mode !== 'lossless' && mode !== 'off') throw new HeadroomError('invalid_argument', `mode must be "lossless" or "off", got ${JSON.stringify(mode)}`);
  const upstreamUrls = {
    anthropic: upstreamUrl('anthropicUpstream', options.anthropicUpstream ?? 'https://api.anthropic.com'),
    openai: upstreamUrl('openaiUpstream', options.openaiUpstream ?? 'https://api.openai.com'),
  };
  const resolved: Resolved = {
    token: options.token || undefined,
    store: options.store,
    slots:
      options.compressors.length === 0
        ? undefined
        : createFirstSight(
            createPipeline({
              compressors: options.compressors,
              store: options.store,
              // Estimates on the request path: exact BPE counts cost more than the proxy's whole budget.
              tokenizer: createEstimatingTokenizer(),
              policy: { ...options.policy, mode: 'lossless', source: 'proxy' },
            }),
            SLOT_CACHE_CHARS,
          ),
    maxBodyBytes: positive('maxBodyBytes', options.maxBodyBytes, 32 * 1024 * 1024),
    mode,
    compressionTimeoutMs: positive('compressionTimeoutMs', options.compressionTimeoutMs, 3000),
    firstByteTimeoutMs: positive('firstByteTimeoutMs', options.firstByteTimeoutMs, 60_000),
    responseTimeoutMs: positive('responseTimeoutMs', options.responseTimeoutMs, 600_000),
    idleTimeoutMs: positive('idleTimeoutMs', options.idleTimeoutMs, 120_000),
  };
  const startedAt = Date.now();
  const upstreams = createUpstreams(upstreamUrls, options.outboundProxy);

  const server = createServer((req, res) => {
    handle(req, res, resolved, upstreams, startedAt).catch(() => {
      if (!res.headersSent) sendError(res, 'openai', 'internal', 'unexpected proxy failure');
      else res.destroy();
    });
  });
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

async function handle(req: IncomingMessage, res: ServerResponse, options: Resolved, upstreams: Upstreams, startedAt: number): Promise<void> {
  const method = req.method ?? 'GET';
  const url = req.url ?? '/';
  const route = routeOf(method, url, req.headers);
  const authenticated = options.token !== undefined && tokenMatches(req.headers['x-headroom-token'], options.token);
  if (options.token !== undefined && !authenticated) {
    sendError(res, route.provider, 'unauthorized', 'missing or wrong x-headroom-token');
    return;
  }
  if (route.kind === 'local') {
    await serveLocal(route, req, res, { store: options.store, startedAt, authenticated });
    return;
  }
  const record = await proxied(req, res, route, options, upstreams);
  if (record) options.store.ledger.append({ type: 'request', time: Date.now(), source: 'proxy', ...record }).catch(() => undefined);
}

type RequestRecord = Omit<RequestEvent, 'type' | 'time' | 'source'>;

/** A request the proxy answered itself with an error, for the ledger. */
function refused(res: ServerResponse, route: Route, kind: ProxyErrorKind, message: string): RequestRecord {
  sendError(res, route.provider, kind, message);
  return { provider: route.provider, model: '', route: route.name, status: res.statusCode, tokensBefore: 0, tokensAfter: 0, addedLatencyMs: 0 };
}

/** Everything that goes upstream; undefined when the client left before there was anything to record. */
async function proxied(req: IncomingMessage, res: ServerResponse, route: Exclude<Route, { kind: 'local' }>, options: Resolved, upstreams: Upstreams): Promise<RequestRecord | undefined> {
  // Absolute-form targets (`GET http://elsewhere/ HTTP/1.1`) would let a client pick the upstream.
  if (!(req.url ?? '/').startsWith('/')) return refused(res, route, 'bad_request', 'the request target must be a path');
  // Node hands upgrade requests to this handler when nobody listens for 'upgrade'; relaying them as
  // plain requests would only confuse the client.
  if (req.headers.upgrade !== undefined) return refused(res, route, 'unsupported', 'WebSocket and other upgrades are not supported; use HTTP (SSE) streaming');
  const requested = req.headers[MODE_HEADER];
  if (requested !== undefined && requested !== 'off' && requested !== 'lossless') {
    return refused(res, route, 'bad_request', `${MODE_HEADER} must be "off" or "lossless" (lossy needs the retrieval loop, which this proxy does not run yet)`);
  }
  if (declaredTooLarge(req, options.maxBodyBytes)) {
    res.shouldKeepAlive = false;
    return refused(res, route, 'too_large', `request body is larger than the limit of ${options.maxBodyBytes} bytes`);
  }
  const controller = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) controller.abort();
  });
  const mode = (requested as ProxyMode | undefined) ?? options.mode;
  // A compressed request body (content-encoding) is forwarded as it came: the proxy does not inflate bodies.
  const encoded = req.headers['content-encoding'] !== undefined && req.headers['content-encoding'] !== 'identity';
  if (route.kind === 'model' && mode === 'lossless' && options.slots !== undefined && !encoded) {
    return compressed(req, res, route, options.slots, options, upstreams, controller);
  }
  return passthrough(req, res, route, options, upstreams, controller);
}

function usageFields(usage: Usage | undefined): Pick<RequestEvent, 'usage'> {
  if (!usage) return {};
  const { model: _model, ...counts } = usage;
  return { usage: counts };
}

/** Bodies up to this size are read whole and sent in one write; larger ones (uploads) stream through. */
const BUFFER_BELOW_BYTES = 4 * 1024 * 1024;

/** Forwards without parsing: the body passes through (size-limited), bytes untouched. */
async function passthrough(req: IncomingMessage, res: ServerResponse, route: Exclude<Route, { kind: 'local' }>, options: Resolved, upstreams: Upstreams, controller: AbortController): Promise<RequestRecord | undefined> {
  const method = req.method ?? 'GET';
  const hasBody = method !== 'GET' && method !== 'HEAD' && (req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] !== undefined);
  const length = req.headers['content-length'];
  const extra = [...(hasBody && length !== undefined ? ['content-length', length] : []), ...(route.kind === 'model' ? ['accept-encoding', 'identity'] : [])];
  let body: Buffer | Readable | undefined;
  if (hasBody && length !== undefined && Number(length) <= BUFFER_BELOW_BYTES) {
    try {
      body = await readBody(req, options.maxBodyBytes);
    } catch {
      // The declared length was checked already: the client went away mid-body.
      res.destroy();
      return undefined;
    }
  } else if (hasBody) {
    body = req.pipe(limitStream(options.maxBodyBytes));
  }
  const outcome = await forward(res, {
    upstream: upstreams.get(route.provider),
    provider: route.provider,
    ...(route.kind === 'model' ? { format: route.format } : {}),
    method,
    url: req.url ?? '/',
    headers: upstreamRequestHeaders(req.rawHeaders, req.headers.connection, extra),
    body,
    signal: controller.signal,
    headersTimeoutMs: options.responseTimeoutMs,
    idleTimeoutMs: options.idleTimeoutMs,
  });
  return {
    provider: route.provider,
    model: outcome.usage?.model ?? '',
    route: route.name,
    status: outcome.status,
    tokensBefore: 0,
    tokensAfter: 0,
    ...usageFields(outcome.usage),
    addedLatencyMs: 0,
  };
}

/** Reads and parses the body, compresses new content, forwards the result (or the original bytes). */
async function compressed(
  req: IncomingMessage,
  res: ServerResponse,
  route: Extract<Route, { kind: 'model' }>,
  slots: FirstSight,
  options: Resolved,
  upstreams: Upstreams,
  controller: AbortController,
): Promise<RequestRecord | undefined> {
  let raw: Buffer;
  try {
    raw = await readBody(req, options.maxBodyBytes);
  } catch (error) {
    if (!(error instanceof BodyTooLarge)) {
      res.destroy();
      return undefined;
    }
    res.shouldKeepAlive = false;
    return refused(res, route, 'too_large', error.message);
  }
  const received = performance.now();
  const text = raw.toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return refused(res, route, 'bad_request', `the request body is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return refused(res, route, 'bad_request', 'the request body must be a JSON object');
  }
  const fields = parsed as { model?: unknown; stream?: unknown };
  const result = await compressBody(slots, raw, parsed, route.format, options.compressionTimeoutMs);
  const { tokensBefore, tokensAfter } = result;
  const addedLatencyMs = Math.round((performance.now() - received) * 100) / 100;
  if (controller.signal.aborted) return undefined;

  const outcome = await forward(res, {
    upstream: upstreams.get(route.provider),
    provider: route.provider,
    format: route.format,
    method: 'POST',
    url: req.url ?? '/',
    headers: upstreamRequestHeaders(req.rawHeaders, req.headers.connection, ['content-length', String(result.bytes.length), 'accept-encoding', 'identity']),
    body: result.bytes,
    signal: controller.signal,
    headersTimeoutMs: fields.stream === true ? options.firstByteTimeoutMs : options.responseTimeoutMs,
    idleTimeoutMs: options.idleTimeoutMs,
    responseHeaders: {
      'x-headroom-tokens-before': String(tokensBefore),
      'x-headroom-tokens-after': String(tokensAfter),
      ...(result.failOpen ? { 'x-headroom-compression-failed': result.failOpen.replace(/[^\x20-\x7e]/g, '?') } : {}),
    },
  });
  return {
    provider: route.provider,
    model: outcome.usage?.model ?? (typeof fields.model === 'string' ? fields.model : ''),
    route: route.name,
    status: outcome.status,
    tokensBefore,
    tokensAfter,
    ...(Object.keys(result.byCompressor).length > 0 ? { byCompressor: result.byCompressor } : {}),
    ...usageFields(outcome.usage),
    addedLatencyMs,
  };
}
