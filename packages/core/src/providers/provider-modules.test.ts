import { describe, expect, it } from 'vitest';
import { RETRIEVE_TOOL_NAME } from '../retrieval/retrieve-tool-definition.js';
import type { SseEvent } from '../retrieval/sse.js';
import { ERROR_STATUS } from './provider-module.js';
import { errorModuleOf, isRequestFormat, PROVIDER_MODULES, providerModule } from './provider-modules.js';

const REF = '0123456789abcdef01234567';

/** One small turn per API: a text answer followed by a retrieve call, as a JSON response and as SSE events. */
const TURNS = {
  'anthropic-messages': {
    json: { content: [{ type: 'text', text: 'Let me look.' }, { type: 'tool_use', id: 'r1', name: RETRIEVE_TOOL_NAME, input: { hash: REF } }], usage: { input_tokens: 10, output_tokens: 3 } },
    sse: [
      { event: 'message_start', data: { type: 'message_start', message: { id: 'm', usage: { input_tokens: 10, output_tokens: 1 } } } },
      { event: 'content_block_start', data: { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } } },
      { event: 'content_block_delta', data: { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Let me look.' } } },
      { event: 'content_block_stop', data: { type: 'content_block_stop', index: 0 } },
      { event: 'content_block_start', data: { type: 'content_block_start', index: 1, content_block: { type: 'tool_use', id: 'r1', name: RETRIEVE_TOOL_NAME, input: {} } } },
      { event: 'content_block_delta', data: { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: `{"hash":"${REF}"}` } } },
      { event: 'content_block_stop', data: { type: 'content_block_stop', index: 1 } },
      { event: 'message_delta', data: { type: 'message_delta', delta: { stop_reason: 'tool_use' }, usage: { output_tokens: 3 } } },
      { event: 'message_stop', data: { type: 'message_stop' } },
    ],
  },
  'openai-chat': {
    json: { choices: [{ index: 0, message: { role: 'assistant', content: 'Let me look.', tool_calls: [{ id: 'r1', type: 'function', function: { name: RETRIEVE_TOOL_NAME, arguments: `{"hash":"${REF}"}` } }] }, finish_reason: 'tool_calls' }], usage: { prompt_tokens: 10, completion_tokens: 3 } },
    sse: [
      { data: { id: 'c', object: 'chat.completion.chunk', choices: [{ index: 0, delta: { role: 'assistant', content: 'Let me look.' } }] } },
      { data: { id: 'c', object: 'chat.completion.chunk', choices: [{ index: 0, delta: { tool_calls: [{ index: 0, id: 'r1', type: 'function', function: { name: RETRIEVE_TOOL_NAME, arguments: `{"hash":"${REF}"}` } }] } }] } },
      { data: { id: 'c', object: 'chat.completion.chunk', choices: [{ index: 0, delta: {}, finish_reason: 'tool_calls' }] } },
      { data: '[DONE]' },
    ],
  },
  'openai-responses': {
    json: { output: [{ type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Let me look.' }] }, { type: 'function_call', call_id: 'r1', name: RETRIEVE_TOOL_NAME, arguments: `{"hash":"${REF}"}` }], usage: { input_tokens: 10, output_tokens: 3 } },
    sse: [
      { event: 'response.created', data: { type: 'response.created', sequence_number: 0, response: { id: 'r', output: [] } } },
      { event: 'response.output_text.delta', data: { type: 'response.output_text.delta', sequence_number: 1, output_index: 0, delta: 'Let me look.' } },
      { event: 'response.output_item.added', data: { type: 'response.output_item.added', sequence_number: 2, output_index: 1, item: { type: 'function_call', id: 'fc', call_id: 'r1', name: RETRIEVE_TOOL_NAME, arguments: '' } } },
      { event: 'response.output_item.done', data: { type: 'response.output_item.done', sequence_number: 3, output_index: 1, item: { type: 'function_call', id: 'fc', call_id: 'r1', name: RETRIEVE_TOOL_NAME, arguments: `{"hash":"${REF}"}` } } },
      { event: 'response.completed', data: { type: 'response.completed', sequence_number: 4, response: { id: 'r', status: 'completed', output: [], usage: { input_tokens: 10, output_tokens: 3 } } } },
    ],
  },
  'gemini-generate': {
    json: { candidates: [{ content: { role: 'model', parts: [{ text: 'Let me look.' }, { functionCall: { id: 'r1', name: RETRIEVE_TOOL_NAME, args: { hash: REF } } }] }, finishReason: 'STOP', index: 0 }], usageMetadata: { promptTokenCount: 10, candidatesTokenCount: 3 } },
    sse: [
      { data: { candidates: [{ content: { role: 'model', parts: [{ text: 'Let me look.' }] }, index: 0 }], responseId: 'g' } },
      { data: { candidates: [{ content: { role: 'model', parts: [{ functionCall: { id: 'r1', name: RETRIEVE_TOOL_NAME, args: { hash: REF } } }] }, finishReason: 'STOP', index: 0 }], usageMetadata: { promptTokenCount: 10, candidatesTokenCount: 3 }, responseId: 'g' } },
    ],
  },
} as const;

const sse = (e: { event?: string; data: unknown }): SseEvent => ({ ...(e.event ? { event: e.event } : {}), data: typeof e.data === 'string' ? e.data : JSON.stringify(e.data) });

describe.each(Object.values(PROVIDER_MODULES))('provider module $format', (module) => {
  const turn = TURNS[module.format];

  it('is found by its format, and its retrieve tool carries the one tool name', () => {
    expect(providerModule(module.format)).toBe(module);
    expect(isRequestFormat(module.format)).toBe(true);
    expect(module.toolName(module.retrieveTool())).toBe(RETRIEVE_TOOL_NAME);
    expect(JSON.stringify(module.retrieveTool())).toBe(JSON.stringify(module.retrieveTool()));
  });

  it('JSON turn: finds the retrieve call, strips it, and continues with the answer', () => {
    const calls = module.jsonTurn.calls(turn.json);
    expect(calls).toEqual({ retrieve: [{ id: 'r1', hash: REF }], client: 0 });
    expect(module.jsonTurn.calls(module.jsonTurn.withoutRetrieve(turn.json)).retrieve).toEqual([]);
    const next = module.jsonTurn.continuation({ model: 'm', [module.conversationKey]: [] }, turn.json, [{ id: 'r1', text: 'the original' }], false);
    expect(JSON.stringify(next)).toContain('the original');
    expect(module.readUsage(turn.json)).toMatchObject({ inputTokens: 10, outputTokens: 3 });
  });

  it('stream dialect: forwards the text, hides the retrieve call, reports it', () => {
    const dialect = module.streamDialect();
    const out = (turn.sse as readonly { event?: string; data: unknown }[]).flatMap((e) => dialect.accept(sse(e)));
    const text = JSON.stringify(out);
    expect(text).toContain('Let me look.');
    expect(text).not.toContain(RETRIEVE_TOOL_NAME);
    expect(dialect.retrieveCalls()).toEqual([{ id: 'r1', hash: REF }]);
    expect(dialect.clientCalls()).toBe(0);
  });

  it('shapes errors in its own vocabulary, as a body and as one SSE event', () => {
    const body = JSON.stringify(module.errorBody('upstream_timeout', 'slow'));
    expect(body).toContain('slow');
    expect(module.errorEvent('upstream_timeout', 'slow')).toContain(body);
    expect(ERROR_STATUS.upstream_timeout).toBe(504);
    expect(errorModuleOf(module.provider).errorBody('bad_request', 'x')).toEqual(module.errorBody('bad_request', 'x'));
  });
});

describe('providerModule', () => {
  it('refuses a format it does not know, including names on Object.prototype', () => {
    expect(() => providerModule('gemini' as never)).toThrow(/unknown request format/);
    expect(isRequestFormat('toString')).toBe(false);
  });
});
