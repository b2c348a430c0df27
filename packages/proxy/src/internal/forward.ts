import type { ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { ContinuationFailed, type RequestFormat, type ResponseRelay } from '@headroom/core';
import { errors } from 'undici';
import type { ClientGone } from './client-gone.js';
import { clientResponseHeaders } from './headers.js';
import { errorEvent, type ProxyErrorKind, sendError } from './provider-error.js';
import { BodyTooLarge } from './read-body.js';
import type { Provider } from './route.js';
import type { Upstream } from './upstreams.js';
import { createUsageReader, type Usage } from './usage-reader.js';

export interface ForwardRequest {
  readonly upstream: Upstream;
  readonly provider: Provider;
  /** Set for model routes: the response's usage is read from a side copy. */
  readonly format?: RequestFormat;
  readonly method: string;
  /** Path and query exactly as the client sent them. */
  readonly url: string;
  readonly headers: string[];
  readonly body: Buffer | Readable | undefined;
  /** Stops the upstream call when the client leaves. */
  readonly signal: ClientGone;
  readonly headersTimeoutMs: number;
  readonly idleTimeoutMs: number;
  /** Extra response headers (x-headroom-tokens-*). */
  readonly responseHeaders?: Readonly<Record<string, string>>;
  /** Relays something other than the upstream's bytes (the retrieval loop), when it applies. */
  readonly relay?: ResponseRelay;
}

export interface ForwardOutcome {
  /** What the client got: the upstream status, or the proxy's own error status; 499 when the client left first. */
  readonly status: number;
  readonly usage?: Usage;
}

/**
 * A body larger than this goes to the socket in pieces of this size, one per event-loop turn: one
 * write of 25 MB copies it all into the kernel in a single turn.
 */
const WRITE_PIECE_BYTES = 1024 * 1024;

async function* pieces(body: Buffer): AsyncGenerator<Buffer> {
  for (let at = 0; at < body.length; at += WRITE_PIECE_BYTES) {
    // A turn of the event loop between pieces: a socket that keeps accepting would otherwise take
    // them all within one chain of microtasks.
    if (at > 0) await new Promise((resolve) => setImmediate(resolve));
    yield body.subarray(at, at + WRITE_PIECE_BYTES);
  }
}

/** Sends the request upstream and streams the answer back chunk by chunk, never holding it whole. */
export async function forward(res: ServerResponse, request: ForwardRequest): Promise<ForwardOutcome> {
  const { upstream, provider } = request;
  let response: Awaited<ReturnType<Upstream['dispatcher']['request']>>;
  try {
    response = await upstream.dispatcher.request({
      origin: upstream.origin,
      path: upstream.basePath + request.url,
      method: request.method as 'GET',
      headers: request.headers,
      body: request.body === undefined ? null : Buffer.isBuffer(request.body) && request.body.length > WRITE_PIECE_BYTES ? Readable.from(pieces(request.body), { objectMode: false }) : request.body,
      signal: request.signal,
      headersTimeout: request.headersTimeoutMs,
      bodyTimeout: request.idleTimeoutMs,
    });
  } catch (error) {
    if (request.signal.aborted) return { status: 499 };
    const [kind, message] = describeFailure(error, request);
    sendError(res, provider, kind, message);
    return { status: res.statusCode };
  }

  const { statusCode, headers, body } = response;
  const contentType = typeof headers['content-type'] === 'string' ? headers['content-type'] : undefined;
  const sse = contentType?.includes('text/event-stream') ?? false;
  const usage = request.format ? createUsageReader(request.format, contentType) : undefined;
  const relayed = request.relay?.({ status: statusCode, contentType, body: body as AsyncIterable<Buffer> });
  if (relayed?.kind === 'whole') return sendWhole(res, request, statusCode, headers, relayed.bytes, usage);
  // A relayed stream is not the upstream's bytes: its length is not the upstream's either.
  const outHeaders = clientResponseHeaders(headers, request.responseHeaders, relayed !== undefined);
  try {
    res.writeHead(statusCode, outHeaders);
  } catch (error) {
    // Node refuses header values it cannot send (invalid characters): the client gets a clear 502.
    body.destroy();
    sendError(res, provider, 'upstream_unreachable', `the upstream answered with a header the proxy cannot relay (${error instanceof Error ? error.message : String(error)})`);
    return { status: res.statusCode };
  }
  if (sse) res.flushHeaders();
  try {
    for await (const chunk of relayed ? relayed.chunks : (body as AsyncIterable<Buffer>)) {
      usage?.push(chunk);
      if (!res.write(chunk)) await drained(res);
    }
    res.end();
  } catch (error) {
    if (request.signal.aborted || res.destroyed) return { status: 499 };
    if (sse && error instanceof errors.BodyTimeoutError) {
      // Headers are out: the only way to tell an SSE client what happened is an error event.
      res.end(errorEvent(provider, 'upstream_timeout', `the upstream sent nothing for ${request.idleTimeoutMs} ms`));
    } else {
      res.destroy();
    }
  }
  const read = usage?.finish();
  return { status: statusCode, ...(read ? { usage: read } : {}) };
}

/** A relayed JSON answer: sent once whole, so a failed continuation can still be a proper error. */
async function sendWhole(
  res: ServerResponse,
  request: ForwardRequest,
  status: number,
  headers: Record<string, string | string[] | undefined>,
  pending: Promise<Buffer>,
  usage: ReturnType<typeof createUsageReader> | undefined,
): Promise<ForwardOutcome> {
  let bytes: Buffer;
  try {
    bytes = await pending;
  } catch (error) {
    if (request.signal.aborted) return { status: 499 };
    // Only the upstream's own words are shown; a store error's message may carry a file path.
    const message = error instanceof ContinuationFailed || error instanceof errors.UndiciError ? error.message : 'a retrieval round failed inside the proxy';
    sendError(res, request.provider, 'upstream_unreachable', message);
    return { status: res.statusCode };
  }
  usage?.push(bytes);
  res.writeHead(status, clientResponseHeaders(headers, { ...request.responseHeaders, 'content-length': String(bytes.length) }));
  res.end(bytes);
  const read = usage?.finish();
  return { status, ...(read ? { usage: read } : {}) };
}

function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      if (res.destroyed && !res.writableFinished) reject(new Error('client closed the connection'));
      else resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

function describeFailure(error: unknown, request: ForwardRequest): [ProxyErrorKind, string] {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : undefined;
  if (error instanceof BodyTooLarge || cause instanceof BodyTooLarge) return ['too_large', (cause ?? (error as Error)).message];
  if (error instanceof errors.HeadersTimeoutError) {
    return ['upstream_timeout', `the upstream did not answer within ${request.headersTimeoutMs} ms`];
  }
  if (error instanceof errors.BodyTimeoutError) return ['upstream_timeout', `the upstream sent nothing for ${request.idleTimeoutMs} ms`];
  const code = (error as { code?: unknown }).code ?? (cause as { code?: unknown } | undefined)?.code;
  const detail = typeof code === 'string' ? code : error instanceof Error ? error.message : String(error);
  return ['upstream_unreachable', `cannot reach the upstream ${request.upstream.origin} (${detail})`];
}
