import { RETRIEVE_TOOL_NAME } from '../../retrieval/retrieve-tool-definition.js';
import { hashFromArguments, isObject } from '../../retrieval/stream-dialect.js';
import type { JsonTurn } from '../provider-module.js';

type Item = Record<string, unknown>;

// Upstream responses are read defensively: a part of an unexpected shape is kept as it came.
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const isRetrieveItem = (i: unknown) => isObject(i) && i.type === 'function_call' && i.name === RETRIEVE_TOOL_NAME;
const isClientCall = (i: unknown) => isObject(i) && (i.type === 'function_call' || i.type === 'custom_tool_call') && !isRetrieveItem(i);

/** A non-streamed Response: `output` items; retrieve calls are `function_call` items. */
export const openAIResponsesJsonTurn: JsonTurn = {
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
};
