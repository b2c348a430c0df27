import type { SseEvent } from './sse.js';
import { type RetrieveCall, retrievalLimitText, type StreamDialect } from './stream-dialect.js';

type Body = Record<string, unknown>;

export interface SpliceOptions {
  readonly dialect: StreamDialect;
  /** The request body that produced `firstRound` (already compressed, with the retrieve tool). */
  readonly body: Body;
  readonly firstRound: AsyncIterable<SseEvent>;
  /** Sends a continuation upstream; resolves to its event stream, or rejects with a message. */
  readonly callUpstream: (body: Body) => Promise<AsyncIterable<SseEvent>>;
  /** Answers one retrieve call (from the store): the original, or a plain miss. */
  readonly answer: (call: RetrieveCall, round: number) => Promise<string>;
  /** Retrieval rounds allowed in one turn; the round after the last may not call tools. Default 3. */
  readonly maxRounds?: number;
}

/**
 * The client's stream across retrieval rounds. Everything the model streams reaches the client
 * as it arrives; retrieve calls are held back and answered here, and the continuation's stream is
 * spliced into the same client stream. A turn that also calls a client tool ends as it is, without
 * the retrieve call, so the client is never asked to run a tool it cannot run.
 */
export async function* spliceRetrieval(options: SpliceOptions): AsyncGenerator<SseEvent> {
  const { dialect, callUpstream, answer } = options;
  const maxRounds = options.maxRounds ?? 3;
  let body = options.body;
  let events = options.firstRound;
  for (let round = 1; ; round++) {
    for await (const event of events) yield* accepted(dialect, event);
    const calls = dialect.retrieveCalls();
    if (calls.length === 0 || dialect.clientCalls() > 0 || round > maxRounds) {
      // Hidden retrieve calls alone would leave the client an empty turn that asks for a tool.
      if (calls.length > 0 && dialect.clientCalls() === 0) yield* dialect.limitReached(retrievalLimitText(maxRounds));
      yield* dialect.finish();
      return;
    }
    const texts = await Promise.all(calls.map((call) => answer(call, round)));
    body = dialect.continuation(body, calls.map((call, i) => ({ id: call.id, text: texts[i]! })), round === maxRounds);
    dialect.nextRound();
    try {
      events = await callUpstream(body);
    } catch (error) {
      yield* dialect.error(`Headroom could not continue after a retrieval: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
  }
}

/** What the client gets for one event; an event the dialect cannot read or rewrite goes as it came. */
function accepted(dialect: StreamDialect, event: SseEvent): SseEvent[] {
  try {
    return dialect.accept(event);
  } catch {
    return [event];
  }
}
