import {
  anthropicMessage,
  anthropicStream,
  defaultReply,
  openaiResponse,
  openaiResponsesStream,
  type RecordedRequest,
  type ScriptHandler,
} from '@headroom/proxy/testing';

/** One tool call the scripted model makes: its id, the tool's name and the arguments. */
export interface ScriptedToolCall {
  readonly id: string;
  readonly name: string;
  readonly input: Readonly<Record<string, unknown>>;
}

/** The agent loop both scripts play: make each call in turn once the previous result is back, then answer. */
export interface ToolLoop {
  readonly calls: readonly ScriptedToolCall[];
  readonly answer: string;
}

const pathOf = (request: RecordedRequest) => request.path.split('?')[0] ?? '';

/**
 * An Anthropic upstream script for Claude Code (handler for `startScriptedUpstream`). Requests
 * that do not offer the tool (side calls such as titles) get the answer too; `count_tokens`
 * gets a plausible count; anything else (`HEAD /api/hello`) the default reply.
 */
export function claudeCodeScript(script: ToolLoop): ScriptHandler {
  return (request) => {
    if (request.method !== 'POST') return defaultReply(request);
    if (pathOf(request) === '/v1/messages/count_tokens') return { json: { input_tokens: Math.ceil(request.body.length / 4) } };
    if (pathOf(request) !== '/v1/messages') return defaultReply(request);
    const body = request.json<AnthropicBody>();
    const next = nextCall(script, body.tools, (id) => anthropicToolResults(body, id).length > 0);
    const options = next
      ? { model: body.model ?? 'claude-scripted', text: '', toolCall: next }
      : { model: body.model ?? 'claude-scripted', text: script.answer };
    return body.stream === true ? { sse: anthropicStream(options) } : { json: anthropicMessage(options) };
  };
}

/** An OpenAI Responses upstream script for Codex, the same loop as `claudeCodeScript`. */
export function codexScript(script: ToolLoop): ScriptHandler {
  return (request) => {
    if (request.method !== 'POST' || pathOf(request) !== '/v1/responses') return defaultReply(request);
    const body = request.json<ResponsesBody>();
    const next = nextCall(script, body.tools, (id) => functionCallOutputs(body, id).length > 0);
    const options = next
      ? { model: body.model ?? 'gpt-scripted', text: '', toolCall: next }
      : { model: body.model ?? 'gpt-scripted', text: script.answer };
    return body.stream === true ? { sse: openaiResponsesStream(options) } : { json: openaiResponse(options) };
  };
}

/** The first call whose result is not in the conversation yet, if the request offers its tool. */
function nextCall(
  script: ToolLoop,
  tools: readonly { readonly name?: string }[] | undefined,
  answered: (id: string) => boolean,
): ScriptedToolCall | undefined {
  const next = script.calls.find((call) => !answered(call.id));
  return next && (tools ?? []).some((tool) => tool.name === next.name) ? next : undefined;
}

/** The parts of an Anthropic Messages body the scripts read. */
export interface AnthropicBody {
  readonly model?: string;
  readonly stream?: boolean;
  readonly messages?: readonly { readonly role?: string; readonly content?: unknown }[];
  readonly tools?: readonly { readonly name?: string }[];
}

/** The parts of an OpenAI Responses body the scripts read. */
export interface ResponsesBody {
  readonly model?: string;
  readonly stream?: boolean;
  readonly input?: readonly { readonly type?: string; readonly call_id?: string; readonly output?: unknown }[];
  readonly tools?: readonly { readonly name?: string }[];
}

/** The text of every `tool_result` block answering `toolUseId`, in conversation order. */
export function anthropicToolResults(body: AnthropicBody, toolUseId: string): string[] {
  const found: string[] = [];
  for (const message of body.messages ?? []) {
    if (!Array.isArray(message.content)) continue;
    for (const block of message.content as { type?: string; tool_use_id?: string; content?: unknown }[]) {
      if (block.type === 'tool_result' && block.tool_use_id === toolUseId) found.push(textOf(block.content));
    }
  }
  return found;
}

/** The output of every `function_call_output` item answering `callId`, in input order. */
export function functionCallOutputs(body: ResponsesBody, callId: string): string[] {
  return (body.input ?? [])
    .filter((item) => item.type === 'function_call_output' && item.call_id === callId)
    .map((item) => (typeof item.output === 'string' ? item.output : JSON.stringify(item.output)));
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((part: { type?: string; text?: unknown }) => (part.type === 'text' && typeof part.text === 'string' ? part.text : ''))
    .join('');
}
