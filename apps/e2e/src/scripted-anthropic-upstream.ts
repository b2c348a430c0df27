import type { ServerResponse } from 'node:http';
import { type RecordedRequest, type RecordingServer, startRecordingServer } from './internal/recording-server.js';
import { sseEvent } from './internal/sse.js';

/** What the scripted model answers to one Messages request. */
export type AnthropicReply =
  | { readonly type: 'text'; readonly text: string }
  | {
      readonly type: 'tool_use';
      readonly id: string;
      readonly name: string;
      readonly input: Readonly<Record<string, unknown>>;
    };

/** The parts of a Messages request body the scripts look at. */
export interface MessagesRequestBody {
  readonly model?: string;
  readonly stream?: boolean;
  readonly messages?: readonly { readonly role?: string; readonly content?: unknown }[];
  readonly tools?: readonly { readonly name?: string }[];
}

export interface ScriptedAnthropicUpstreamOptions {
  /** Chooses the reply to each `POST /v1/messages`. */
  readonly reply: (body: MessagesRequestBody, request: RecordedRequest) => AnthropicReply;
}

export interface ScriptedAnthropicUpstream extends RecordingServer {
  /** The `POST /v1/messages` requests (not count_tokens), in arrival order. */
  messageRequests(): readonly RecordedRequest[];
}

/**
 * A stand-in for api.anthropic.com that speaks just enough of the Messages API for Claude
 * Code: `HEAD /api/hello`, `count_tokens`, and `POST /v1/messages` answered with the scripted
 * reply, streamed as SSE when the request asks for `stream: true`.
 */
export async function startScriptedAnthropicUpstream(
  options: ScriptedAnthropicUpstreamOptions,
): Promise<ScriptedAnthropicUpstream> {
  let replies = 0;
  const server = await startRecordingServer((request, response) => {
    const path = request.url.split('?')[0] ?? '';
    if (request.method === 'POST' && path === '/v1/messages/count_tokens') {
      return sendJson(response, 200, { input_tokens: Math.ceil(request.body.length / 4) });
    }
    if (request.method === 'POST' && path === '/v1/messages') {
      const body = (request.json ?? {}) as MessagesRequestBody;
      replies += 1;
      const reply = options.reply(body, request);
      const id = `msg_scripted_${replies}`;
      const model = body.model ?? 'claude-scripted';
      return body.stream === true ? streamReply(response, id, model, reply) : sendJson(response, 200, messageOf(id, model, reply));
    }
    if (path === '/api/hello') return sendJson(response, 200, {});
    return sendJson(response, 404, { type: 'error', error: { type: 'not_found_error', message: `no route ${path}` } });
  });
  return {
    ...server,
    messageRequests: () => server.requests.filter((r) => r.method === 'POST' && (r.url.split('?')[0] ?? '') === '/v1/messages'),
  };
}

/**
 * The usual agent script: ask for one tool call, and once its result is in the conversation,
 * give the final answer. Requests without tools (side calls such as titles) get the answer too.
 */
export function toolUseThenAnswer(script: {
  readonly toolUse: { readonly id: string; readonly name: string; readonly input: Readonly<Record<string, unknown>> };
  readonly answer: string;
}): ScriptedAnthropicUpstreamOptions['reply'] {
  return (body) => {
    const offersTool = (body.tools ?? []).some((tool) => tool.name === script.toolUse.name);
    if (offersTool && anthropicToolResults(body, script.toolUse.id).length === 0) {
      return { type: 'tool_use', ...script.toolUse };
    }
    return { type: 'text', text: script.answer };
  };
}

/** The text of every `tool_result` block answering `toolUseId`, in conversation order. */
export function anthropicToolResults(body: MessagesRequestBody, toolUseId: string): string[] {
  const found: string[] = [];
  for (const message of body.messages ?? []) {
    if (!Array.isArray(message.content)) continue;
    for (const block of message.content as { type?: string; tool_use_id?: string; content?: unknown }[]) {
      if (block.type === 'tool_result' && block.tool_use_id === toolUseId) found.push(textOf(block.content));
    }
  }
  return found;
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((part: { type?: string; text?: unknown }) => (part.type === 'text' && typeof part.text === 'string' ? part.text : ''))
    .join('');
}

function messageOf(id: string, model: string, reply: AnthropicReply): Record<string, unknown> {
  const block = reply.type === 'text' ? { type: 'text', text: reply.text } : { ...reply };
  return {
    id,
    type: 'message',
    role: 'assistant',
    model,
    content: [block],
    stop_reason: reply.type === 'tool_use' ? 'tool_use' : 'end_turn',
    stop_sequence: null,
    usage: { input_tokens: 10, output_tokens: 5 },
  };
}

function streamReply(response: ServerResponse, id: string, model: string, reply: AnthropicReply): void {
  const events = [
    sseEvent('message_start', {
      message: {
        id,
        type: 'message',
        role: 'assistant',
        model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { input_tokens: 10, output_tokens: 1 },
      },
    }),
  ];
  if (reply.type === 'text') {
    events.push(
      sseEvent('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }),
      sseEvent('content_block_delta', { index: 0, delta: { type: 'text_delta', text: reply.text } }),
    );
  } else {
    events.push(
      sseEvent('content_block_start', {
        index: 0,
        content_block: { type: 'tool_use', id: reply.id, name: reply.name, input: {} },
      }),
      sseEvent('content_block_delta', {
        index: 0,
        delta: { type: 'input_json_delta', partial_json: JSON.stringify(reply.input) },
      }),
    );
  }
  events.push(
    sseEvent('content_block_stop', { index: 0 }),
    sseEvent('message_delta', {
      delta: { stop_reason: reply.type === 'tool_use' ? 'tool_use' : 'end_turn', stop_sequence: null },
      usage: { output_tokens: 5 },
    }),
    sseEvent('message_stop', {}),
  );
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  response.end(events.join(''));
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}
