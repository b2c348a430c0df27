import type { RetrieveAnswer, RetrieveCall } from '../providers/provider-module.js';
import type { SseEvent } from './sse.js';

export type { RetrieveAnswer, RetrieveCall } from '../providers/provider-module.js';

type Body = Record<string, unknown>;

/**
 * How one provider's stream is spliced across retrieval rounds. The dialect forwards what the
 * model streams as it arrives, holds back the retrieve calls and the stop events, and keeps the
 * indexes, ids and sequence numbers the client sees consistent across rounds.
 */
export interface StreamDialect {
  /** One upstream event of the current round → the events to send the client now. */
  accept(event: SseEvent): SseEvent[];
  /** Retrieve calls the model made in the current round. */
  retrieveCalls(): RetrieveCall[];
  /** How many calls to the client's own tools the current round made. */
  clientCalls(): number;
  /** The next round's request: the current body plus the model's turn and the answers. */
  continuation(body: Body, answers: readonly RetrieveAnswer[], lastRound: boolean): Body;
  /** Resets round state (cross-round state such as usage sums and indexes stays). */
  nextRound(): void;
  /** The events that end the client's stream: one stop, usage summed over every round. */
  finish(): SseEvent[];
  /** A provider-shaped error event for a continuation that failed mid-stream. */
  error(message: string): SseEvent[];
  /**
   * The model still asked for originals after the last round: a text part saying so (the retrieve
   * calls stay hidden), and from then on a stop reason that does not ask the client to run a tool.
   */
  limitReached(text: string): SseEvent[];
}

/** What the client reads when the model still wanted originals after the last retrieval round. */
export function retrievalLimitText(maxRounds: number): string {
  return `[Headroom: the retrieval limit (${maxRounds} round${maxRounds === 1 ? '' : 's'} per turn) was reached before the model finished; ask again to continue.]`;
}

export const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export const parseJson = (data: string): Record<string, unknown> | undefined => {
  try {
    const value = JSON.parse(data);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
};

/** The ref a retrieve call's arguments carry, tolerant of a model that wrote `{"ref": …}`. */
export function hashFromArguments(args: unknown): string {
  const parsed = typeof args === 'string' ? parseJson(args) : (args as Record<string, unknown> | undefined);
  const hash = parsed?.hash ?? parsed?.ref;
  return typeof hash === 'string' ? hash : '';
}

/** Adds every number in `source` into `target`, recursing into nested objects (usage details). */
export function sumNumbers(target: Record<string, unknown>, source: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(source)) {
    if (typeof value === 'number') target[key] = ((target[key] as number | undefined) ?? 0) + value;
    else if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      const inner = (typeof target[key] === 'object' && target[key] !== null ? target[key] : (target[key] = {})) as Record<string, unknown>;
      sumNumbers(inner, value as Record<string, unknown>);
    }
  }
}
