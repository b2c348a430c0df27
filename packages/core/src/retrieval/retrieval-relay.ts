import type { RequestFormat } from '../providers/provider-module.js';
import { providerModule } from '../providers/provider-modules.js';
import { runJsonRetrieval } from './json-retrieval.js';
import { spliceRetrieval } from './splice-retrieval.js';
import { formatSse, type SseEvent, sseEvents } from './sse.js';
import { parseJson, type RetrieveCall } from './stream-dialect.js';

type Body = Record<string, unknown>;

/** What the upstream answered to one request: status, content type and the body as it streams. */
export interface UpstreamAnswer {
  readonly status: number;
  readonly contentType: string | undefined;
  readonly body: AsyncIterable<Buffer>;
}

/** How the client gets the response instead of the upstream's bytes: a stream, or one body once done. */
export type RelayedBody = { readonly kind: 'stream'; readonly chunks: AsyncIterable<Buffer> } | { readonly kind: 'whole'; readonly bytes: Promise<Buffer> };

/** Decides, from the first response, whether to relay something else; undefined relays the bytes as they are. */
export type ResponseRelay = (answer: UpstreamAnswer) => RelayedBody | undefined;

export interface RetrievalRelayOptions {
  readonly format: RequestFormat;
  /** The request body as sent upstream (compressed, with the retrieve tool). */
  readonly body: Body;
  /** Sends a continuation with the same headers to the same upstream. */
  readonly call: (body: Body) => Promise<UpstreamAnswer>;
  /** Answers one retrieve call: the original, or a plain miss. */
  readonly answer: (call: RetrieveCall, round: number) => Promise<string>;
  readonly maxRounds?: number;
}

/**
 * The retrieval loop around a successful model response: a streamed one is spliced event by event
 * (the client sees text as it arrives), a JSON one is answered once the model stops asking.
 * Error responses are relayed as they are.
 */
export function retrievalRelay(options: RetrievalRelayOptions): ResponseRelay {
  return (first) => {
    if (first.status !== 200) return undefined;
    const rounds = { ...(options.maxRounds !== undefined ? { maxRounds: options.maxRounds } : {}) };
    if (first.contentType?.includes('text/event-stream')) {
      const events = spliceRetrieval({
        dialect: providerModule(options.format).streamDialect(),
        body: options.body,
        firstRound: sseEvents(first.body),
        callUpstream: async (body) => sseEvents(await succeeded(options.call(body))),
        answer: options.answer,
        ...rounds,
      });
      return { kind: 'stream', chunks: encode(events) };
    }
    if (first.contentType?.includes('application/json')) {
      const bytes = (async () => {
        const raw = await readAll(first.body);
        // A response that is not a JSON object goes to the client as it came.
        const firstResponse = parseJson(raw.toString('utf8'));
        if (!firstResponse) return raw;
        const final = await runJsonRetrieval({
          format: options.format,
          body: options.body,
          firstResponse,
          callUpstream: async (body) => {
            const answer = parseJson((await readAll(await succeeded(options.call(body)))).toString('utf8'));
            if (!answer) throw new ContinuationFailed('the upstream answered the continuation with something other than a JSON object');
            return answer;
          },
          answer: options.answer,
          ...rounds,
        });
        return final === undefined ? raw : Buffer.from(JSON.stringify(final));
      })();
      return { kind: 'whole', bytes };
    }
    return undefined;
  };
}

async function* encode(events: AsyncIterable<SseEvent>): AsyncGenerator<Buffer> {
  for await (const event of events) yield Buffer.from(formatSse(event));
}

/**
 * A continuation the upstream refused or answered with garbage: its message is safe to show the
 * client (it says what the upstream said). Any other error in a retrieval round (a store failure)
 * may name files or hosts, and reaches the client only as a generic message.
 */
export class ContinuationFailed extends Error {}

/** The continuation's body when it succeeded; otherwise an error naming its status and message. */
async function succeeded(pending: Promise<UpstreamAnswer>): Promise<AsyncIterable<Buffer>> {
  const answer = await pending;
  if (answer.status === 200) return answer.body;
  const text = (await readAll(answer.body)).toString('utf8').slice(0, 500);
  throw new ContinuationFailed(`the upstream answered the continuation with ${answer.status}: ${text}`);
}

async function readAll(body: AsyncIterable<Buffer>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(chunk);
  return Buffer.concat(chunks);
}
