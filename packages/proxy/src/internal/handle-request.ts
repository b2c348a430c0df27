import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import {
  type HeadroomStore,
  normalizeRef,
  type PreparedRetrieval,
  type PricingTable,
  providerModule,
  type RequestEvent,
  requestModel,
  requestStreams,
  type ResponseRelay,
  retrievalRelay,
  retrievalResultText,
  type UpstreamAnswer,
} from '@headroom/core';
import { type HostPolicy, hostAllowed, originAllowed, tokenMatches } from './access.js';
import { type ClientGone, clientGone } from './client-gone.js';
import { continuationEncoder } from './exact-body.js';
import type { FirstSight } from './first-sight.js';
import { forward } from './forward.js';
import { upstreamRequestHeaders } from './headers.js';
import { type ProxyErrorKind, sendError } from './provider-error.js';
import { declaredTooLarge, limitStream } from './read-body.js';
import { type LargeBodies, readRequest } from './read-request.js';
import { prepareBody } from './prepare-body.js';
import { presentedToken } from './presented-token.js';
import { requestTenant } from './request-tenant.js';
import { type Route, routeOf } from './route.js';
import { serveLocal } from './serve-local.js';
import type { Upstreams } from './upstreams.js';
import type { Usage } from './usage-reader.js';

/**
 * `lossy`: compress new content, omissions behind markers the model can redeem through the
 * retrieve tool the proxy answers. `lossless`: re-encode only, no markers. `off`: forward untouched.
 */
export type ProxyMode = 'lossy' | 'lossless' | 'off';

export const PROXY_MODES: readonly ProxyMode[] = ['lossy', 'lossless', 'off'];

/** What every request needs, resolved once by startProxy. */
export interface ProxyContext {
  readonly token: string | undefined;
  /** Prices for the dollar figures of /stats, /metrics and /dashboard. */
  readonly pricing?: PricingTable;
  readonly store: HeadroomStore;
  readonly slots: FirstSight | undefined;
  readonly maxBodyBytes: number;
  readonly mode: ProxyMode;
  readonly compressionTimeoutMs: number;
  readonly firstByteTimeoutMs: number;
  readonly responseTimeoutMs: number;
  readonly idleTimeoutMs: number;
  /** Retrieval rounds the proxy answers in one turn before the model must answer. */
  readonly maxRetrievalRounds: number;
  /** Which Host and Origin names may address the forwarding routes. */
  readonly hosts: HostPolicy;
  readonly upstreams: Upstreams;
  /** Large bodies are parsed on body threads (set when compression runs on worker threads). */
  readonly largeBodies?: LargeBodies;
  /** Milliseconds since the epoch, for /livez. */
  readonly startedAt: number;
}

const MODE_HEADER = 'x-headroom-mode';

/** One request: local routes, refusals, passthrough or compression, then a ledger row. */
export async function handleRequest(req: IncomingMessage, res: ServerResponse, options: ProxyContext): Promise<void> {
  const method = req.method ?? 'GET';
  const url = req.url ?? '/';
  const route = routeOf(method, url, req.headers);
  const authenticated = options.token !== undefined && tokenMatches(presentedToken(req, route), options.token);
  if (options.token !== undefined && !authenticated) {
    // Nothing more is read from a client that cannot authenticate: the socket closes after the 401.
    res.shouldKeepAlive = false;
    sendError(res, route.provider, 'unauthorized', 'missing or wrong x-headroom-token');
    return;
  }
  if (route.kind === 'local') {
    await serveLocal(route, req, res, { store: options.store, startedAt: options.startedAt, authenticated, ...(options.pricing ? { pricing: options.pricing } : {}) });
    return;
  }
  const record = await proxied(req, res, route, options, authenticated);
  if (record) options.store.ledger.append({ type: 'request', time: Date.now(), source: 'proxy', ...record }).catch(() => undefined);
}

type RequestRecord = Omit<RequestEvent, 'type' | 'time' | 'source'>;

/** A request the proxy answered itself with an error, for the ledger. */
function refused(res: ServerResponse, route: Route, kind: ProxyErrorKind, message: string): RequestRecord {
  sendError(res, route.provider, kind, message);
  return { provider: route.provider, model: '', route: route.name, status: res.statusCode, tokensBefore: 0, tokensAfter: 0, addedLatencyMs: 0 };
}

/** Everything that goes upstream; undefined when the client left before there was anything to record. */
async function proxied(
  req: IncomingMessage,
  res: ServerResponse,
  route: Exclude<Route, { kind: 'local' }>,
  options: ProxyContext,
  authenticated: boolean,
): Promise<RequestRecord | undefined> {
  // Absolute-form targets (`GET http://elsewhere/ HTTP/1.1`) would let a client pick the upstream.
  if (!(req.url ?? '/').startsWith('/')) return refused(res, route, 'bad_request', 'the request target must be a path');
  // Node hands upgrade requests to this handler when nobody listens for 'upgrade'; relaying them as
  // plain requests would only confuse the client.
  if (req.headers.upgrade !== undefined) return refused(res, route, 'unsupported', 'WebSocket and other upgrades are not supported; use HTTP (SSE) streaming');
  // DNS rebinding: a web page whose name now resolves to 127.0.0.1 sends its own name as Host (and
  // Origin). A client holding the token is no such page, whatever name it used to reach the proxy.
  const origin = req.headers.origin;
  if (!authenticated && (!hostAllowed(req.headers.host, options.hosts) || (origin !== undefined && !originAllowed(origin, options.hosts)))) {
    res.shouldKeepAlive = false;
    return refused(res, route, 'forbidden', 'the Host or Origin of this request is not a loopback name or an allowed host (--allowed-hosts)');
  }
  const requested = req.headers[MODE_HEADER];
  if (requested !== undefined && !PROXY_MODES.includes(requested as ProxyMode)) {
    return refused(res, route, 'bad_request', `${MODE_HEADER} must be one of ${PROXY_MODES.join(', ')}`);
  }
  if (declaredTooLarge(req, options.maxBodyBytes)) {
    res.shouldKeepAlive = false;
    return refused(res, route, 'too_large', `request body is larger than the limit of ${options.maxBodyBytes} bytes`);
  }
  const gone = clientGone(res);
  const mode = (requested as ProxyMode | undefined) ?? options.mode;
  // A compressed request body (content-encoding) is forwarded as it came: the proxy does not inflate bodies.
  const encoded = req.headers['content-encoding'] !== undefined && req.headers['content-encoding'] !== 'identity';
  if (route.kind === 'model' && mode !== 'off' && options.slots !== undefined && !encoded) {
    return compressed(req, res, route, options.slots, options, gone, mode);
  }
  return passthrough(req, res, route, options, gone);
}

function usageFields(usage: Usage | undefined): Pick<RequestEvent, 'usage'> {
  if (!usage) return {};
  const { model: _model, ...counts } = usage;
  return { usage: counts };
}

/**
 * Forwards without parsing, as a bare relay does: the body streams through untouched. A declared
 * length is enforced by Node's parser (and was checked against the limit already), so the client's
 * request itself is the upstream body; only a chunked body needs a counting stream for the limit.
 */
async function passthrough(req: IncomingMessage, res: ServerResponse, route: Exclude<Route, { kind: 'local' }>, options: ProxyContext, gone: ClientGone): Promise<RequestRecord | undefined> {
  const method = req.method ?? 'GET';
  const hasBody = method !== 'GET' && method !== 'HEAD' && (req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] !== undefined);
  const length = req.headers['content-length'];
  const extra = [...(hasBody && length !== undefined ? ['content-length', length] : []), ...(route.kind === 'model' ? ['accept-encoding', 'identity'] : [])];
  const body: Readable | undefined = !hasBody ? undefined : length !== undefined ? req : req.pipe(limitStream(options.maxBodyBytes));
  const outcome = await forward(res, {
    upstream: options.upstreams.get(route.provider),
    provider: route.provider,
    ...(route.kind === 'model' ? { format: route.format } : {}),
    method,
    url: req.url ?? '/',
    headers: upstreamRequestHeaders(req.rawHeaders, req.headers.connection, extra),
    body,
    signal: gone,
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
  options: ProxyContext,
  gone: ClientGone,
  mode: 'lossy' | 'lossless',
): Promise<RequestRecord | undefined> {
  const tenant = requestTenant(req.headers, req.url);
  const read = await readRequest(req, options.maxBodyBytes, route.format, options.largeBodies, () => Date.now() + options.compressionTimeoutMs, { memo: slots.splice, tenant });
  if (read.kind === 'gone') {
    res.destroy();
    return undefined;
  }
  if (read.kind === 'refused') {
    if (read.error === 'too_large') res.shouldKeepAlive = false;
    return refused(res, route, read.error, read.message);
  }
  if (read.kind === 'unlocated') return unlocated(req, res, route, read.raw, read.failOpen, read.message, options, gone);
  const { raw, parsed, receivedAt: received } = read;
  const module = providerModule(route.format);
  const streams = requestStreams(module, parsed, req.url ?? '/');
  let prepared: Awaited<ReturnType<typeof prepareBody>>;
  try {
    prepared = await prepareBody(slots, raw, parsed, route.format, options.compressionTimeoutMs, mode, tenant, read.located, read.strings);
  } finally {
    read.release();
  }
  const { result, bytes, retrieval, failOpen } = prepared;
  const { tokensBefore, tokensAfter } = result;
  const addedLatencyMs = Math.round((performance.now() - received) * 100) / 100;
  if (gone.aborted) return undefined;

  const outcome = await forwardModelCall(req, res, route, bytes, options, gone, {
    headersTimeoutMs: streams ? options.firstByteTimeoutMs : options.responseTimeoutMs,
    responseHeaders: {
      'x-headroom-tokens-before': String(tokensBefore),
      'x-headroom-tokens-after': String(tokensAfter),
      ...(failOpen ? { 'x-headroom-compression-failed': failOpen } : {}),
    },
    ...(retrieval ? { relay: relayFor(retrieval, bytes, tenant, req, route, slots, options, gone, !read.located?.standIns) } : {}),
  });
  return {
    provider: route.provider,
    model: outcome.usage?.model ?? requestModel(module, parsed as Record<string, unknown>, req.url ?? '/'),
    route: route.name,
    status: outcome.status,
    tokensBefore,
    tokensAfter,
    ...(Object.keys(result.byCompressor).length > 0 ? { byCompressor: result.byCompressor } : {}),
    ...usageFields(outcome.usage),
    addedLatencyMs,
    tenant,
  };
}

/** A model call's body sent upstream with the client's headers (its length, no compression asked of the upstream). */
function forwardModelCall(
  req: IncomingMessage,
  res: ServerResponse,
  route: Extract<Route, { kind: 'model' }>,
  body: Buffer,
  options: ProxyContext,
  gone: ClientGone,
  call: Pick<Parameters<typeof forward>[1], 'headersTimeoutMs' | 'responseHeaders' | 'relay'>,
) {
  return forward(res, {
    upstream: options.upstreams.get(route.provider),
    provider: route.provider,
    format: route.format,
    method: 'POST',
    url: req.url ?? '/',
    headers: upstreamRequestHeaders(req.rawHeaders, req.headers.connection, ['content-length', String(body.length), 'accept-encoding', 'identity']),
    body,
    signal: gone,
    idleTimeoutMs: options.idleTimeoutMs,
    ...call,
  });
}

/**
 * A large body its body thread could not locate within the budget (or whose thread died): it goes
 * upstream exactly as it came, the response says why, and the ledger records the failure.
 */
async function unlocated(
  req: IncomingMessage,
  res: ServerResponse,
  route: Extract<Route, { kind: 'model' }>,
  raw: Buffer,
  failOpen: 'timeout' | 'compressor_failed',
  message: string,
  options: ProxyContext,
  gone: ClientGone,
): Promise<RequestRecord | undefined> {
  const tenant = requestTenant(req.headers, req.url);
  void options.store.ledger.append({ type: 'failure', time: Date.now(), code: failOpen, message, source: 'proxy', tenant }).catch(() => undefined);
  const outcome = await forwardModelCall(req, res, route, raw, options, gone, {
    // Unparsed, so whether it streams is unknown: the longer of the two waits.
    headersTimeoutMs: Math.max(options.firstByteTimeoutMs, options.responseTimeoutMs),
    responseHeaders: { 'x-headroom-tokens-before': '0', 'x-headroom-tokens-after': '0', 'x-headroom-compression-failed': failOpen },
  });
  return { provider: route.provider, model: outcome.usage?.model ?? '', route: route.name, status: outcome.status, tokensBefore: 0, tokensAfter: 0, ...usageFields(outcome.usage), addedLatencyMs: 0, tenant };
}

/**
 * The retrieval loop for one request: continuations go to the same upstream with the client's
 * headers. A call is answered only for a ref that a marker of this request carries, from the
 * caller's tenant; anything else gets the same miss text as a ref that never existed, so a forged
 * marker or a guessed ref learns nothing.
 */
function relayFor(
  retrieval: PreparedRetrieval,
  sent: Buffer,
  tenant: string,
  req: IncomingMessage,
  route: Extract<Route, { kind: 'model' }>,
  slots: FirstSight,
  options: ProxyContext,
  gone: ClientGone,
  serializable: boolean,
): ResponseRelay {
  const upstream = options.upstreams.get(route.provider);
  const encode = continuationEncoder(route.format, retrieval.body, sent, serializable);
  const call = async (body: Record<string, unknown>): Promise<UpstreamAnswer> => {
    const bytes = encode(body);
    const answer = await upstream.dispatcher.request({
      origin: upstream.origin,
      path: upstream.basePath + (req.url ?? '/'),
      method: 'POST',
      headers: upstreamRequestHeaders(req.rawHeaders, req.headers.connection, ['content-length', String(bytes.length), 'accept-encoding', 'identity']),
      body: bytes,
      signal: gone,
      headersTimeout: requestStreams(providerModule(route.format), body, req.url ?? '/') ? options.firstByteTimeoutMs : options.responseTimeoutMs,
      bodyTimeout: options.idleTimeoutMs,
    });
    const contentType = answer.headers['content-type'];
    return { status: answer.statusCode, contentType: typeof contentType === 'string' ? contentType : undefined, body: answer.body as AsyncIterable<Buffer> };
  };
  return retrievalRelay({
    format: route.format,
    body: retrieval.body,
    call,
    answer: async (retrieveCall, round) => {
      const ref = normalizeRef(retrieveCall.hash) ?? '';
      const inRequest = retrieval.toolFor.has(ref);
      const stored = inRequest ? await slots.pipeline.retrieve(ref, { round, source: 'proxy', tenant }).catch(() => undefined) : undefined;
      // Not awaited: the store may hold the row back up to 100 ms to batch it, and the model's next round waits on this answer.
      if (!inRequest) void options.store.ledger.append({ type: 'retrieval', time: Date.now(), ref, found: false, round, source: 'proxy', tenant }).catch(() => undefined);
      return retrievalResultText(retrieveCall.hash, stored, retrieval.toolFor.get(ref));
    },
    maxRounds: options.maxRetrievalRounds,
  });
}
