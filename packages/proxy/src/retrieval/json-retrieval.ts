import { RETRIEVE_TOOL_NAME, type RequestFormat } from '@headroom/core';
import { hashFromArguments, type RetrieveCall, sumNumbers } from './stream-dialect.js';

type Body = Record<string, unknown>;
type Item = Record<string, unknown>;

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
 * every round and without any retrieve call.
 */
export async function runJsonRetrieval(options: JsonRetrievalOptions): Promise<Body> {
  const shape = SHAPES[options.format];
  const maxRounds = options.maxRounds ?? 3;
  let body = options.body;
  let response = options.firstResponse;
  const usage: Record<string, unknown> = {};
  for (let round = 1; ; round++) {
    if (response.usage && typeof response.usage === 'object') sumNumbers(usage, response.usage as Record<string, unknown>);
    const { retrieve, client } = shape.calls(response);
    if (retrieve.length === 0 || client > 0 || round > maxRounds) {
      // Non-numeric usage fields (service tier...) come from the last round; numbers are summed.
      const last = (response.usage ?? {}) as Record<string, unknown>;
      return { ...shape.withoutRetrieve(response), ...(Object.keys(usage).length > 0 ? { usage: { ...last, ...usage } } : {}) };
    }
    const texts = await Promise.all(retrieve.map((call) => options.answer(call, round)));
    body = shape.continuation(body, response, retrieve.map((call, i) => ({ id: call.id, text: texts[i]! })), round === maxRounds);
    response = await options.callUpstream(body);
  }
}

interface JsonShape {
  calls(response: Body): { retrieve: RetrieveCall[]; client: number };
  withoutRetrieve(response: Body): Body;
  continuation(body: Body, response: Body, answers: { id: string; text: string }[], lastRound: boolean): Body;
}

const isRetrieveBlock = (b: Item) => b.type === 'tool_use' && b.name === RETRIEVE_TOOL_NAME;
const isRetrieveChatCall = (c: Item) => (c.function as Item | undefined)?.name === RETRIEVE_TOOL_NAME;
const isRetrieveItem = (i: Item) => i.type === 'function_call' && i.name === RETRIEVE_TOOL_NAME;
const chatMessage = (response: Body) => ((response.choices as Item[] | undefined)?.[0]?.message ?? {}) as Item;

const SHAPES: Record<RequestFormat, JsonShape> = {
  'anthropic-messages': {
    calls(response) {
      const content = (response.content as Item[]) ?? [];
      return {
        retrieve: content.filter(isRetrieveBlock).map((b) => ({ id: String(b.id), hash: hashFromArguments(b.input) })),
        client: content.filter((b) => b.type === 'tool_use' && !isRetrieveBlock(b)).length,
      };
    },
    withoutRetrieve: (response) => ({ ...response, content: ((response.content as Item[]) ?? []).filter((b) => !isRetrieveBlock(b)) }),
    continuation: (body, response, answers, lastRound) => ({
      ...body,
      messages: [
        ...((body.messages as unknown[]) ?? []),
        { role: 'assistant', content: response.content },
        { role: 'user', content: answers.map((a) => ({ type: 'tool_result', tool_use_id: a.id, content: a.text })) },
      ],
      ...(lastRound ? { tool_choice: { type: 'none' } } : {}),
    }),
  },
  'openai-chat': {
    calls(response) {
      const calls = (chatMessage(response).tool_calls as Item[]) ?? [];
      return {
        retrieve: calls.filter(isRetrieveChatCall).map((c) => ({ id: String(c.id), hash: hashFromArguments((c.function as Item).arguments) })),
        client: calls.filter((c) => !isRetrieveChatCall(c)).length,
      };
    },
    withoutRetrieve(response) {
      const choices = ((response.choices as Item[]) ?? []).map((choice) => {
        const message = { ...((choice.message as Item) ?? {}) };
        const calls = ((message.tool_calls as Item[]) ?? []).filter((c) => !isRetrieveChatCall(c));
        if (calls.length > 0) message.tool_calls = calls;
        else delete message.tool_calls;
        return { ...choice, message };
      });
      return { ...response, choices };
    },
    continuation: (body, response, answers, lastRound) => ({
      ...body,
      messages: [...((body.messages as unknown[]) ?? []), chatMessage(response), ...answers.map((a) => ({ role: 'tool', tool_call_id: a.id, content: a.text }))],
      ...(lastRound ? { tool_choice: 'none' } : {}),
    }),
  },
  'openai-responses': {
    calls(response) {
      const output = (response.output as Item[]) ?? [];
      return {
        retrieve: output.filter(isRetrieveItem).map((i) => ({ id: String(i.call_id), hash: hashFromArguments(i.arguments) })),
        client: output.filter((i) => (i.type === 'function_call' || i.type === 'custom_tool_call') && !isRetrieveItem(i)).length,
      };
    },
    withoutRetrieve: (response) => ({ ...response, output: ((response.output as Item[]) ?? []).filter((i) => !isRetrieveItem(i)) }),
    continuation(body, response, answers, lastRound) {
      const input = typeof body.input === 'string' ? [{ type: 'message', role: 'user', content: body.input }] : ((body.input as unknown[]) ?? []);
      return {
        ...body,
        input: [...input, ...((response.output as unknown[]) ?? []), ...answers.map((a) => ({ type: 'function_call_output', call_id: a.id, output: a.text }))],
        ...(lastRound ? { tool_choice: 'none' } : {}),
      };
    },
  },
};
