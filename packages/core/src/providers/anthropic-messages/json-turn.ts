import { RETRIEVE_TOOL_NAME } from '../../retrieval/retrieve-tool-definition.js';
import { hashFromArguments, isObject } from '../../retrieval/stream-dialect.js';
import type { JsonTurn } from '../provider-module.js';

type Item = Record<string, unknown>;

// Upstream responses are read defensively: a part of an unexpected shape is kept as it came.
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const isRetrieveBlock = (b: unknown) => isObject(b) && b.type === 'tool_use' && b.name === RETRIEVE_TOOL_NAME;

/** A non-streamed Messages turn: `content` blocks; retrieve calls are `tool_use` blocks. */
export const anthropicJsonTurn: JsonTurn = {
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
};
