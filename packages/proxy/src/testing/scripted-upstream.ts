import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { anthropicMessage, anthropicStream, geminiResponse, geminiStream, openaiChatCompletion, openaiChatStream, openaiResponse, openaiResponsesStream } from './provider-replies.js';

/** One server-sent event. `data` that is not a string is sent as JSON. */
export interface ScriptedEvent {
  readonly event?: string;
  readonly data: unknown;
  /** Wait this long before sending the event. */
  readonly delayMs?: number;
  /** Wait for this promise before sending the event (hold a stream open until the test says so). */
  readonly waitFor?: Promise<unknown>;
}

/** One scripted answer. Exactly one of `json`, `sse`, `body` is used (in that order); none means an empty body. */
export interface ScriptedReply {
  /** Default 200. */
  readonly status?: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly json?: unknown;
  readonly sse?: readonly ScriptedEvent[];
  readonly body?: string | Uint8Array;
  /** Wait this long before sending the status line and headers. */
  readonly delayMs?: number;
  /** Send the headers, then never send anything else (for idle-timeout tests). */
  readonly stallAfterHeaders?: boolean;
  /** Never answer at all (for first-byte timeout tests). */
  readonly hang?: boolean;
}

export interface RecordedRequest {
  readonly method: string;
  /** Path with the query string, exactly as received. */
  readonly path: string;
  /** Lowercased header names (node's merge rules). */
  readonly headers: IncomingHttpHeaders;
  /** Header names as sent, with duplicates: [name, value, name, value, ...]. */
  readonly rawHeaders: readonly string[];
  /** The body bytes exactly as received. */
  readonly body: Buffer;
  text(): string;
  /** The body parsed as JSON (throws when it is not JSON). */
  // biome-ignore lint/suspicious/noExplicitAny: a test helper; callers read fields of the body freely.
  json<T = any>(): T;
}

export type ScriptHandler = (request: RecordedRequest) => ScriptedReply | Promise<ScriptedReply>;

export interface ScriptedUpstream {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  readonly url: string;
  readonly port: number;
  /** Every request received, in arrival order. */
  readonly requests: RecordedRequest[];
  /** Queue replies: each request takes the next one; when the queue is empty the default handler answers. */
  enqueue(...replies: (ScriptedReply | ScriptHandler)[]): void;
  /** Replace the default handler (used when the queue is empty). */
  setDefault(handler: ScriptHandler): void;
  /** Resolves when `count` requests have been received in total. */
  waitForRequests(count: number): Promise<RecordedRequest[]>;
  /** Number of requests whose connection closed before the reply finished (client went away). */
  readonly aborted: number;
  close(): Promise<void>;
}

export interface ScriptedUpstreamOptions {
  /** Answers a request when the queue is empty. Default: `defaultReply` (a plausible reply per route). */
  readonly handler?: ScriptHandler;
  /** Keep every request in `requests`. Default true; turn off for load tests, where it would hold every body. */
  readonly record?: boolean;
}

/**
 * A node:http server on 127.0.0.1 that records every request byte-exact and answers from a
 * script: JSON, raw bytes, or SSE event lists with optional delays, for Anthropic Messages,
 * OpenAI Chat Completions, OpenAI Responses and Gemini generateContent.
 */
export async function startScriptedUpstream(options: ScriptedUpstreamOptions = {}): Promise<ScriptedUpstream> {
  const requests: RecordedRequest[] = [];
  const queue: (ScriptedReply | ScriptHandler)[] = [];
  const waiters: { count: number; resolve: (r: RecordedRequest[]) => void }[] = [];
  let fallback: ScriptHandler = options.handler ?? defaultReply;
  let aborted = 0;
  const keep = options.record ?? true;

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const recorded = record(req, Buffer.concat(chunks));
      if (keep) requests.push(recorded);
      for (const waiter of waiters.filter((w) => requests.length >= w.count)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(requests.slice());
      }
      res.on('close', () => {
        if (!res.writableFinished) aborted++;
      });
      const next = queue.shift() ?? fallback;
      Promise.resolve(typeof next === 'function' ? next(recorded) : next)
        .then((reply) => send(res, reply))
        .catch((error: unknown) => {
          if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
          res.end(String(error));
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    get aborted() {
      return aborted;
    },
    enqueue: (...replies) => {
      queue.push(...replies);
    },
    setDefault: (handler) => {
      fallback = handler;
    },
    waitForRequests: (count) =>
      requests.length >= count ? Promise.resolve(requests.slice()) : new Promise((resolve) => waiters.push({ count, resolve })),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function record(req: IncomingMessage, body: Buffer): RecordedRequest {
  return {
    method: req.method ?? 'GET',
    path: req.url ?? '/',
    headers: req.headers,
    rawHeaders: req.rawHeaders,
    body,
    text: () => body.toString('utf8'),
    json: () => JSON.parse(body.toString('utf8')),
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function send(res: ServerResponse, reply: ScriptedReply): Promise<void> {
  if (reply.hang) return;
  if (reply.delayMs) await sleep(reply.delayMs);
  const status = reply.status ?? 200;
  if (reply.json !== undefined) {
    const body = JSON.stringify(reply.json);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...reply.headers });
    if (reply.stallAfterHeaders) return void res.flushHeaders();
    res.end(body);
    return;
  }
  if (reply.sse !== undefined) {
    res.writeHead(status, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', ...reply.headers });
    res.flushHeaders();
    if (reply.stallAfterHeaders) return;
    for (const event of reply.sse) {
      if (event.delayMs) await sleep(event.delayMs);
      if (event.waitFor) await event.waitFor;
      if (res.destroyed) return;
      res.write(formatEvent(event));
    }
    res.end();
    return;
  }
  res.writeHead(status, { ...reply.headers });
  if (reply.stallAfterHeaders) return void res.flushHeaders();
  res.end(reply.body ?? '');
}

/** The wire form of one event: `event: NAME\ndata: JSON\n\n`. */
export function formatEvent(event: Pick<ScriptedEvent, 'event' | 'data'>): string {
  const data = typeof event.data === 'string' ? event.data : JSON.stringify(event.data);
  return `${event.event ? `event: ${event.event}\n` : ''}data: ${data}\n\n`;
}

/** A plausible reply for each provider route, streaming when the request body says `stream: true`. */
export function defaultReply(request: RecordedRequest): ScriptedReply {
  const path = request.path.split('?')[0];
  let body: { stream?: unknown; model?: unknown } = {};
  try {
    body = request.json();
  } catch {
    // not JSON: the route-independent fallback below answers
  }
  const model = typeof body.model === 'string' ? body.model : undefined;
  const stream = body.stream === true;
  const common = model ? { model } : {};
  if (request.method === 'POST' && path === '/v1/messages') {
    return stream ? { sse: anthropicStream(common) } : { json: anthropicMessage(common) };
  }
  if (request.method === 'POST' && path === '/v1/chat/completions') {
    return stream ? { sse: openaiChatStream(common) } : { json: openaiChatCompletion(common) };
  }
  if (request.method === 'POST' && path === '/v1/responses') {
    return stream ? { sse: openaiResponsesStream(common) } : { json: openaiResponse(common) };
  }
  const gemini = request.method === 'POST' ? /^\/v1(beta|alpha)?\/models\/([^/:]+):(generateContent|streamGenerateContent)$/.exec(path ?? '') : null;
  if (gemini) {
    const options = { model: gemini[2]! };
    return gemini[3] === 'streamGenerateContent' ? { sse: geminiStream(options) } : { json: geminiResponse(options) };
  }
  return { json: { ok: true, method: request.method, path: request.path } };
}
