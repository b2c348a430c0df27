import { providerModule, type RequestFormat, retrievalRelay, type UpstreamAnswer } from '@headroom/core';
import type { Engine } from './create-engine.js';

export type Fetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** The model routes a client may call, by the end of the URL path (base URLs carry their own prefix). */
export type RouteTable = ReadonlyArray<readonly [suffix: string, format: RequestFormat]>;

const EMPTY: AsyncIterable<Uint8Array> = { async *[Symbol.asyncIterator]() {} };

const urlOf = (input: string | URL | Request) => (typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);

function formatOf(input: string | URL | Request, routes: RouteTable): RequestFormat | undefined {
  let path: string;
  try {
    path = new URL(urlOf(input)).pathname.replace(/\/+$/, '');
  } catch {
    return undefined;
  }
  return routes.find(([suffix]) => path.endsWith(suffix))?.[1];
}

const answerOf = (response: Response): UpstreamAnswer => ({
  status: response.status,
  contentType: response.headers.get('content-type') ?? undefined,
  body: (response.body ?? EMPTY) as AsyncIterable<Buffer>,
});

/** Response headers for a body that is not the upstream's bytes: its length and encoding are not the upstream's. */
function relayedHeaders(response: Response): Headers {
  const headers = new Headers(response.headers);
  headers.delete('content-length');
  headers.delete('content-encoding');
  return headers;
}

/**
 * A fetch that does, inside the application, what the proxy does on the wire: the JSON body of a
 * model call is compressed in place, the retrieve tool is added when markers were emitted, and the
 * model's retrieve calls are answered from the store with the continuation spliced into the same
 * response (streamed or not), so the client library never sees the retrieve tool. Everything else
 * (other routes, uploads, bodies that are not JSON objects) goes through untouched.
 */
export function headroomFetch(engine: Engine, inner: Fetch, routes: RouteTable): Fetch {
  return async (input, init) => {
    const format = (init?.method ?? 'GET').toUpperCase() === 'POST' ? formatOf(input, routes) : undefined;
    if (!format || typeof init?.body !== 'string') return inner(input, init);
    let parsed: unknown;
    try {
      parsed = JSON.parse(init.body);
    } catch {
      return inner(input, init);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return inner(input, init);
    const prepared = await engine.prepare(parsed as Record<string, unknown>, format);
    if (prepared.body === parsed) return inner(input, init);
    const headers = new Headers(init.headers);
    headers.delete('content-length');
    const send = (body: Record<string, unknown>) => inner(input, { ...init, headers, body: JSON.stringify(body) });
    const response = await send(prepared.body);
    const module = providerModule(format);
    engine.record({
      provider: module.provider,
      model: typeof prepared.body.model === 'string' ? prepared.body.model : '',
      route: module.path,
      status: response.status,
      tokensBefore: prepared.result?.tokensBefore ?? 0,
      tokensAfter: prepared.result?.tokensAfter ?? 0,
      addedLatencyMs: Math.round((prepared.durationMs ?? 0) * 100) / 100,
    });
    if (!prepared.retrieval) return response;
    const relay = retrievalRelay({
      format,
      body: prepared.body,
      call: async (body) => answerOf(await send(body)),
      answer: engine.answerer(prepared.retrieval.toolFor),
      maxRounds: engine.maxRetrievalRounds,
    })(answerOf(response));
    if (!relay) return response;
    const init2 = { status: response.status, statusText: response.statusText, headers: relayedHeaders(response) };
    if (relay.kind === 'stream') return new Response(ReadableStream.from(relay.chunks), init2);
    try {
      return new Response(new Uint8Array(await relay.bytes), init2);
    } catch (error) {
      if (init.signal?.aborted) throw error;
      // A continuation the upstream refused: the client gets it as the provider's own error shape.
      const message = `headroom: ${error instanceof Error ? error.message : String(error)}`;
      engine.emit({ type: 'failed', stage: 'retrieve', code: 'upstream', message });
      return Response.json(module.errorBody('upstream_unreachable', message), { status: 502 });
    }
  };
}
