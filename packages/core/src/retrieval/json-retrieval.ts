import type { RequestFormat } from '../providers/provider-module.js';
import { providerModule } from '../providers/provider-modules.js';
import { isObject, type RetrieveCall, retrievalLimitText, sumNumbers } from './stream-dialect.js';

type Body = Record<string, unknown>;

export interface JsonRetrievalOptions {
  readonly format: RequestFormat;
  readonly body: Body;
  readonly firstResponse: Body;
  readonly callUpstream: (body: Body) => Promise<Body>;
  readonly answer: (call: RetrieveCall, round: number) => Promise<string>;
  readonly maxRounds?: number;
}

/**
 * Non-streaming retrieval: answers retrieve calls and continues upstream until the model stops
 * asking (or calls a client tool too). The client gets the last response, with usage summed over
 * every round and without any retrieve call; undefined when the first response has no retrieve
 * call at all (the caller relays its bytes as they came).
 */
export async function runJsonRetrieval(options: JsonRetrievalOptions): Promise<Body | undefined> {
  const { jsonTurn: shape, usageKey } = providerModule(options.format);
  const maxRounds = options.maxRounds ?? 3;
  let body = options.body;
  let response = options.firstResponse;
  const usage: Record<string, unknown> = {};
  for (let round = 1; ; round++) {
    if (isObject(response[usageKey])) sumNumbers(usage, response[usageKey]);
    const { retrieve, client } = shape.calls(response);
    if (round === 1 && retrieve.length === 0) return undefined;
    if (retrieve.length === 0 || client > 0 || round > maxRounds) {
      // Non-numeric usage fields (service tier...) come from the last round; numbers are summed.
      const last = isObject(response[usageKey]) ? response[usageKey] : {};
      let final = shape.withoutRetrieve(response);
      // Hidden retrieve calls alone would leave the client an empty turn that asks for a tool.
      if (retrieve.length > 0 && client === 0) final = shape.limitReached(final, retrievalLimitText(maxRounds));
      return { ...final, ...(Object.keys(usage).length > 0 ? { [usageKey]: { ...last, ...usage } } : {}) };
    }
    const texts = await Promise.all(retrieve.map((call) => options.answer(call, round)));
    body = shape.continuation(body, response, retrieve.map((call, i) => ({ id: call.id, text: texts[i]! })), round === maxRounds);
    response = await options.callUpstream(body);
  }
}
