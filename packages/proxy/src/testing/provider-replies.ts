import type { ScriptedEvent } from './scripted-upstream.js';

/** Token usage a scripted reply reports, in the provider's own fields. */
export interface ScriptedUsage {
  readonly input?: number;
  readonly output?: number;
  readonly cacheRead?: number;
  /** Anthropic only (`cache_creation_input_tokens`). */
  readonly cacheWrite?: number;
  /** Anthropic only: the part of `cacheWrite` with the 1-hour TTL; when set, `cache_creation` splits the write by TTL. */
  readonly cacheWrite1h?: number;
}

export interface ScriptedToolCall {
  readonly id: string;
  readonly name: string;
  readonly input: unknown;
}

export interface ReplyOptions {
  readonly model?: string;
  /** The response's message id. Default `msg_scripted`. Clients such as Claude Code merge assistant turns that share one id. */
  readonly id?: string;
  /** The answer; an array is streamed as one delta per element. Default "Hello from the scripted upstream." */
  readonly text?: string | readonly string[];
  /** Ask the client to call a tool (after the text, if any). */
  readonly toolCall?: ScriptedToolCall;
  /** Several tool calls in one turn (after `toolCall`, if both are given). */
  readonly toolCalls?: readonly ScriptedToolCall[];
  readonly usage?: ScriptedUsage;
  /** Delay before every streamed event. */
  readonly eventDelayMs?: number;
}

const DEFAULT_TEXT = 'Hello from the scripted upstream.';

const callsOf = (options: ReplyOptions): readonly ScriptedToolCall[] => [...(options.toolCall ? [options.toolCall] : []), ...(options.toolCalls ?? [])];
const CREATED = 1_700_000_000;

const pieces = (options: ReplyOptions): readonly string[] =>
  typeof options.text === 'string' || options.text === undefined ? [options.text ?? DEFAULT_TEXT] : options.text;
const whole = (options: ReplyOptions): string => pieces(options).join('');
const delayed = (events: ScriptedEvent[], options: ReplyOptions): ScriptedEvent[] => {
  const delayMs = options.eventDelayMs;
  return delayMs ? events.map((e) => ({ ...e, delayMs })) : events;
};

function anthropicUsage(usage: ScriptedUsage = {}) {
  return {
    input_tokens: usage.input ?? 12,
    cache_creation_input_tokens: usage.cacheWrite ?? 0,
    cache_read_input_tokens: usage.cacheRead ?? 0,
    ...(usage.cacheWrite1h !== undefined
      ? { cache_creation: { ephemeral_5m_input_tokens: (usage.cacheWrite ?? 0) - usage.cacheWrite1h, ephemeral_1h_input_tokens: usage.cacheWrite1h } }
      : {}),
    output_tokens: usage.output ?? 7,
  };
}

/** A non-streaming Anthropic Messages response body. */
export function anthropicMessage(options: ReplyOptions = {}) {
  const content: unknown[] = [];
  if (whole(options)) content.push({ type: 'text', text: whole(options) });
  for (const call of callsOf(options)) content.push({ type: 'tool_use', ...call });
  return {
    id: options.id ?? 'msg_scripted',
    type: 'message',
    role: 'assistant',
    model: options.model ?? 'claude-sonnet-4-5',
    content,
    stop_reason: callsOf(options).length > 0 ? 'tool_use' : 'end_turn',
    stop_sequence: null,
    usage: anthropicUsage(options.usage),
  };
}

/** The SSE events of a streaming Anthropic Messages response. */
export function anthropicStream(options: ReplyOptions = {}): ScriptedEvent[] {
  const usage = anthropicUsage(options.usage);
  const events: ScriptedEvent[] = [
    {
      event: 'message_start',
      data: {
        type: 'message_start',
        message: { ...anthropicMessage(options), content: [], stop_reason: null, usage: { ...usage, output_tokens: 1 } },
      },
    },
  ];
  let index = 0;
  if (whole(options)) {
    events.push({ event: 'content_block_start', data: { type: 'content_block_start', index, content_block: { type: 'text', text: '' } } });
    events.push({ event: 'ping', data: { type: 'ping' } });
    for (const text of pieces(options)) {
      events.push({ event: 'content_block_delta', data: { type: 'content_block_delta', index, delta: { type: 'text_delta', text } } });
    }
    events.push({ event: 'content_block_stop', data: { type: 'content_block_stop', index } });
    index++;
  }
  for (const { id, name, input } of callsOf(options)) {
    events.push({ event: 'content_block_start', data: { type: 'content_block_start', index, content_block: { type: 'tool_use', id, name, input: {} } } });
    events.push({
      event: 'content_block_delta',
      data: { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: JSON.stringify(input) } },
    });
    events.push({ event: 'content_block_stop', data: { type: 'content_block_stop', index } });
    index++;
  }
  events.push({
    event: 'message_delta',
    data: { type: 'message_delta', delta: { stop_reason: callsOf(options).length > 0 ? 'tool_use' : 'end_turn', stop_sequence: null }, usage: { output_tokens: usage.output_tokens } },
  });
  events.push({ event: 'message_stop', data: { type: 'message_stop' } });
  return delayed(events, options);
}

function chatUsage(usage: ScriptedUsage = {}) {
  const prompt = usage.input ?? 12;
  const completion = usage.output ?? 7;
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    prompt_tokens_details: { cached_tokens: usage.cacheRead ?? 0 },
  };
}

function chatToolCalls(options: ReplyOptions) {
  const calls = callsOf(options);
  if (calls.length === 0) return undefined;
  return calls.map(({ id, name, input }) => ({ id, type: 'function', function: { name, arguments: JSON.stringify(input) } }));
}

/** A non-streaming OpenAI Chat Completions response body. */
export function openaiChatCompletion(options: ReplyOptions = {}) {
  const toolCalls = chatToolCalls(options);
  return {
    id: 'chatcmpl-scripted',
    object: 'chat.completion',
    created: CREATED,
    model: options.model ?? 'gpt-4o',
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: whole(options) || null, refusal: null, ...(toolCalls ? { tool_calls: toolCalls } : {}) },
        logprobs: null,
        finish_reason: toolCalls ? 'tool_calls' : 'stop',
      },
    ],
    usage: chatUsage(options.usage),
  };
}

/** The SSE events of a streaming OpenAI Chat Completions response, ending with a usage chunk and `[DONE]`. */
export function openaiChatStream(options: ReplyOptions = {}): ScriptedEvent[] {
  const base = { id: 'chatcmpl-scripted', object: 'chat.completion.chunk', created: CREATED, model: options.model ?? 'gpt-4o' };
  const chunk = (delta: object, finish: string | null = null) => ({ data: { ...base, choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }] } });
  const events: ScriptedEvent[] = [chunk({ role: 'assistant', content: '' })];
  if (whole(options)) for (const text of pieces(options)) events.push(chunk({ content: text }));
  const toolCalls = chatToolCalls(options);
  if (toolCalls) events.push(chunk({ tool_calls: toolCalls.map((call, index) => ({ index, ...call })) }));
  events.push(chunk({}, toolCalls ? 'tool_calls' : 'stop'));
  events.push({ data: { ...base, choices: [], usage: chatUsage(options.usage) } });
  events.push({ data: '[DONE]' });
  return delayed(events, options);
}

function responsesUsage(usage: ScriptedUsage = {}) {
  const input = usage.input ?? 12;
  const output = usage.output ?? 7;
  return {
    input_tokens: input,
    input_tokens_details: { cached_tokens: usage.cacheRead ?? 0 },
    output_tokens: output,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: input + output,
  };
}

function responsesOutput(options: ReplyOptions): unknown[] {
  const output: unknown[] = [];
  if (whole(options)) {
    output.push({
      type: 'message',
      id: 'msg_scripted',
      status: 'completed',
      role: 'assistant',
      content: [{ type: 'output_text', text: whole(options), annotations: [] }],
    });
  }
  for (const { id, name, input } of callsOf(options)) {
    output.push({ type: 'function_call', id: `fc_${id}`, call_id: id, name, arguments: JSON.stringify(input), status: 'completed' });
  }
  return output;
}

/** A non-streaming OpenAI Responses response body. */
export function openaiResponse(options: ReplyOptions = {}) {
  return {
    id: 'resp_scripted',
    object: 'response',
    created_at: CREATED,
    status: 'completed',
    model: options.model ?? 'gpt-4o',
    output: responsesOutput(options),
    usage: responsesUsage(options.usage),
  };
}

/** The SSE events of a streaming OpenAI Responses response, ending with `response.completed`. */
export function openaiResponsesStream(options: ReplyOptions = {}): ScriptedEvent[] {
  const done = openaiResponse(options);
  const started = { ...done, status: 'in_progress', output: [], usage: null };
  let sequence = 0;
  const event = (type: string, fields: object): ScriptedEvent => ({ event: type, data: { type, sequence_number: sequence++, ...fields } });
  const events: ScriptedEvent[] = [event('response.created', { response: started }), event('response.in_progress', { response: started })];
  done.output.forEach((item, outputIndex) => {
    const typed = item as { type: string; id: string };
    events.push(event('response.output_item.added', { output_index: outputIndex, item: typed.type === 'message' ? { ...typed, status: 'in_progress', content: [] } : item }));
    if (typed.type === 'message') {
      const part = { type: 'output_text', text: '', annotations: [] };
      events.push(event('response.content_part.added', { item_id: typed.id, output_index: outputIndex, content_index: 0, part }));
      for (const delta of pieces(options)) {
        events.push(event('response.output_text.delta', { item_id: typed.id, output_index: outputIndex, content_index: 0, delta, logprobs: [] }));
      }
      events.push(event('response.output_text.done', { item_id: typed.id, output_index: outputIndex, content_index: 0, text: whole(options), logprobs: [] }));
      events.push(event('response.content_part.done', { item_id: typed.id, output_index: outputIndex, content_index: 0, part: { ...part, text: whole(options) } }));
    }
    events.push(event('response.output_item.done', { output_index: outputIndex, item }));
  });
  events.push(event('response.completed', { response: done }));
  return delayed(events, options);
}

function geminiUsage(usage: ScriptedUsage = {}) {
  const cached = usage.cacheRead ?? 0;
  // promptTokenCount includes the cached part, as the Gemini API reports it.
  return { promptTokenCount: (usage.input ?? 12) + cached, candidatesTokenCount: usage.output ?? 7, totalTokenCount: (usage.input ?? 12) + cached + (usage.output ?? 7), ...(cached ? { cachedContentTokenCount: cached } : {}) };
}

/** A non-streaming Gemini `generateContent` response body (tool calls as `functionCall` parts with ids). */
export function geminiResponse(options: ReplyOptions = {}) {
  const parts: unknown[] = [];
  if (whole(options)) parts.push({ text: whole(options) });
  for (const call of callsOf(options)) parts.push({ functionCall: { id: call.id, name: call.name, args: call.input } });
  return {
    candidates: [{ content: { role: 'model', parts }, finishReason: 'STOP', index: 0 }],
    usageMetadata: geminiUsage(options.usage),
    modelVersion: options.model ?? 'gemini-2.5-flash',
    responseId: 'gemini-scripted',
  };
}

/** The SSE data lines of `streamGenerateContent?alt=sse`: one chunk per text piece, the calls, then the finish with usage. */
export function geminiStream(options: ReplyOptions = {}): ScriptedEvent[] {
  const modelVersion = options.model ?? 'gemini-2.5-flash';
  const chunk = (parts: unknown[], last: boolean) => ({
    data: {
      candidates: [{ content: { role: 'model', parts }, ...(last ? { finishReason: 'STOP' } : {}), index: 0 }],
      ...(last ? { usageMetadata: geminiUsage(options.usage) } : {}),
      modelVersion,
      responseId: 'gemini-scripted',
    },
  });
  const texts = whole(options) ? pieces(options).map((text) => ({ text })) : [];
  const calls = callsOf(options).map((call) => ({ functionCall: { id: call.id, name: call.name, args: call.input } }));
  const all = [...texts, ...calls];
  const events = all.map((part, i) => chunk([part], i === all.length - 1));
  return delayed(events.length > 0 ? events : [chunk([{ text: '' }], true)], options);
}
