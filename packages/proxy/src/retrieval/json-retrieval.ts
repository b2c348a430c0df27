import { RETRIEVE_TOOL_NAME, type RequestFormat } from '@headroom/core';
import { hashFromArguments, isObject, type RetrieveCall, retrievalLimitText, sumNumbers } from './stream-dialect.js';

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
 * every round and without any retrieve call; undefined when the first response has no retrieve
 * call at all (the caller relays its bytes as they came).
 */
export async function runJsonRetrieval(options: JsonRetrievalOptions): Promise<Body | undefined> {
  const shape = SHAPES[options.format];
  const maxRounds = options.maxRounds ?? 3;
  let body = options.body;
  let response = options.firstResponse;
  const usage: Record<string, unknown> = {};
  for (let round = 1; ; round++) {
    if (isObject(response.usage)) sumNumbers(usage, response.usage);
    const { retrieve, client } = shape.calls(response);
    if (round === 1 && retrieve.length === 0) return undefined;
    if (retrieve.length === 0 || client > 0 || round > maxRounds) {
      // Non-numeric usage fields (service tier...) come from the last round; numbers are summed.
      const last = isObject(response.usage) ? response.usage : {};
      let final = shape.withoutRetrieve(response);
      // Hidden retrieve calls alone would leave the client an empty turn that asks for a tool.
      if (retrieve.length > 0 && client === 0) final = shape.limitReached(final, retrievalLimitText(maxRounds));
      return { ...final, ...(Object.keys(usage).length > 0 ? { usage: { ...last, ...usage } } : {}) };
    }
    const texts = await Promise.all(retrieve.map((call) => options.answer(call, round)));
    body = shape.continuation(body, response, retrieve.map((call, i) => ({ id: call.id, text: texts[i]! })), round === maxRounds);
    response = await options.callUpstream(body);
  }
}

interface JsonShape {
  calls(response: Body): { retrieve: RetrieveCall[]; client: number };
  withoutRetrieve(response: Body): Body;
  /** The response with `text` as the model's last words and a stop reason that asks for no tool. */
  limitReached(response: Body, text: string): Body;
  continuation(body: Body, response: Body, answers: { id: string; text: string }[], lastRound: boolean): Body;
}

// Upstream responses are read defensively: a part of an unexpected shape is kept as it came.
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const isRetrieveBlock = (b: unknown) => isObject(b) && b.type === 'tool_use' && b.name === RETRIEVE_TOOL_NAME;
const isRetrieveChatCall = (c: unknown) => isObject(c) && isObject(c.function) && c.function.name === RETRIEVE_TOOL_NAME;
const isRetrieveItem = (i: unknown) => isObject(i) && i.type === 'function_call' && i.name === RETRIEVE_TOOL_NAME;
const isClientCall = (i: unknown) => isObject(i) && (i.type === 'function_call' || i.type === 'custom_tool_call') && !isRetrieveItem(i);
const chatMessage = (response: Body): Item => {
  const choice = list(response.choices)[0];
  return isObject(choice) && isObject(choice.message) ? choice.message : {};
};

const SHAPES: Record<RequestFormat, JsonShape> = {
  'anthropic-messages': {
    calls(response) {
      const content = list(response.content);
      return {
        retrieve: content.filter(isRetrieveBlock).map((b) => ({ id: String((b as Item).id), hash: hashFromArguments((b as Item).input) })),
        client: content.filter((b) => isObject(b) && b.type === 'tool_use' && !isRetrieveBlock(b)).length,
      };
    },
    withoutRetrieve: (response) => ({ ...response, content: list(response.content).filter((b) => !isRetrieveBlock(b)) }),
    limitReached: (response, text) => ({ ...response, content: [...list(response.content), { type: 'text', text }], stop_reason: 'end_turn', stop_sequence: null }),
    continuation: (body, response, answers, lastRound) => ({
      ...body,
      messages: [
        ...list(body.messages),
        { role: 'assistant', content: response.content },
        { role: 'user', content: answers.map((a) => ({ type: 'tool_result', tool_use_id: a.id, content: a.text })) },
      ],
      ...(lastRound ? { tool_choice: { type: 'none' } } : {}),
    }),
  },
  'openai-chat': {
    calls(response) {
      const calls = list(chatMessage(response).tool_calls);
      return {
        retrieve: calls.filter(isRetrieveChatCall).map((c) => ({ id: String((c as Item).id), hash: hashFromArguments(((c as Item).function as Item).arguments) })),
        client: calls.filter((c) => !isRetrieveChatCall(c)).length,
      };
    },
    withoutRetrieve(response) {
      const choices = list(response.choices).map((choice) => {
        if (!isObject(choice) || !isObject(choice.message)) return choice;
        const message = { ...choice.message };
        const calls = list(message.tool_calls).filter((c) => !isRetrieveChatCall(c));
        if (calls.length > 0) message.tool_calls = calls;
        else delete message.tool_calls;
        return { ...choice, message };
      });
      return { ...response, choices };
    },
    limitReached(response, text) {
      const choices = list(response.choices).map((choice, index) => {
        if (index !== 0 || !isObject(choice)) return choice;
        const message = isObject(choice.message) ? choice.message : { role: 'assistant' };
        const before = typeof message.content === 'string' && message.content !== '' ? `${message.content}\n\n` : '';
        return { ...choice, message: { ...message, content: `${before}${text}` }, finish_reason: 'stop' };
      });
      return { ...response, choices };
    },
    continuation: (body, response, answers, lastRound) => ({
      ...body,
      messages: [...list(body.messages), chatMessage(response), ...answers.map((a) => ({ role: 'tool', tool_call_id: a.id, content: a.text }))],
      ...(lastRound ? { tool_choice: 'none' } : {}),
    }),
  },
  'openai-responses': {
    calls(response) {
      const output = list(response.output);
      return {
        retrieve: output.filter(isRetrieveItem).map((i) => ({ id: String((i as Item).call_id), hash: hashFromArguments((i as Item).arguments) })),
        client: output.filter(isClientCall).length,
      };
    },
    withoutRetrieve: (response) => ({ ...response, output: list(response.output).filter((i) => !isRetrieveItem(i)) }),
    limitReached: (response, text) => ({
      ...response,
      status: 'completed',
      output: [
        ...list(response.output),
        { type: 'message', id: 'msg_headroom_retrieval_limit', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text, annotations: [] }] },
      ],
    }),
    continuation(body, response, answers, lastRound) {
      const input = typeof body.input === 'string' ? [{ type: 'message', role: 'user', content: body.input }] : list(body.input);
      return {
        ...body,
        input: [...input, ...list(response.output), ...answers.map((a) => ({ type: 'function_call_output', call_id: a.id, output: a.text }))],
        ...(lastRound ? { tool_choice: 'none' } : {}),
      };
    },
  },
};
