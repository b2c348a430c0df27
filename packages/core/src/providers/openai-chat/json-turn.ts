import { RETRIEVE_TOOL_NAME } from '../../retrieval/retrieve-tool-definition.js';
import { hashFromArguments, isObject } from '../../retrieval/stream-dialect.js';
import type { JsonTurn } from '../provider-module.js';

type Body = Record<string, unknown>;
type Item = Record<string, unknown>;

// Upstream responses are read defensively: a part of an unexpected shape is kept as it came.
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const isRetrieveChatCall = (c: unknown) => isObject(c) && isObject(c.function) && c.function.name === RETRIEVE_TOOL_NAME;
const chatMessage = (response: Body): Item => {
  const choice = list(response.choices)[0];
  return isObject(choice) && isObject(choice.message) ? choice.message : {};
};

/** A non-streamed Chat Completion: the first choice's message; retrieve calls are `tool_calls`. */
export const openAIChatJsonTurn: JsonTurn = {
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
};
