import type { ServerResponse } from 'node:http';
import { type RecordedRequest, type RecordingServer, startRecordingServer } from './internal/recording-server.js';
import { sseEvent } from './internal/sse.js';

/** What the scripted model answers to one Responses request. */
export type ResponsesReply =
  | { readonly type: 'text'; readonly text: string }
  | {
      readonly type: 'function_call';
      readonly callId: string;
      readonly name: string;
      readonly arguments: Readonly<Record<string, unknown>>;
    };

/** The parts of a Responses request body the scripts look at. */
export interface ResponsesRequestBody {
  readonly model?: string;
  readonly stream?: boolean;
  readonly input?: readonly { readonly type?: string; readonly call_id?: string; readonly output?: unknown }[];
  readonly tools?: readonly { readonly name?: string }[];
}

export interface ScriptedResponsesUpstreamOptions {
  /** Chooses the reply to each `POST /v1/responses`. */
  readonly reply: (body: ResponsesRequestBody, request: RecordedRequest) => ResponsesReply;
}

export interface ScriptedResponsesUpstream extends RecordingServer {
  /** The `POST /v1/responses` requests, in arrival order. */
  responseRequests(): readonly RecordedRequest[];
}

/**
 * A stand-in for api.openai.com that speaks just enough of the Responses API for Codex:
 * `POST /v1/responses` answered with the scripted reply as SSE (Codex always streams), or
 * as one JSON response when the request does not ask to stream.
 */
export async function startScriptedResponsesUpstream(
  options: ScriptedResponsesUpstreamOptions,
): Promise<ScriptedResponsesUpstream> {
  let replies = 0;
  const server = await startRecordingServer((request, response) => {
    const path = request.url.split('?')[0] ?? '';
    if (request.method !== 'POST' || path !== '/v1/responses') {
      response.writeHead(404, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: { type: 'invalid_request_error', message: `no route ${path}` } }));
      return;
    }
    const body = (request.json ?? {}) as ResponsesRequestBody;
    replies += 1;
    const reply = options.reply(body, request);
    const id = `resp_scripted_${replies}`;
    const item = outputItemOf(reply, replies);
    const done = {
      id,
      object: 'response',
      status: 'completed',
      model: body.model ?? 'gpt-scripted',
      output: [item],
      usage: { input_tokens: 10, output_tokens: 5, total_tokens: 15 },
    };
    if (body.stream !== true) {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(done));
      return;
    }
    streamReply(response, done, item, reply);
  });
  return {
    ...server,
    responseRequests: () => server.requests.filter((r) => r.method === 'POST' && (r.url.split('?')[0] ?? '') === '/v1/responses'),
  };
}

/** Codex's agent loop in one script: call a function once, then answer once its output is back. */
export function functionCallThenAnswer(script: {
  readonly call: { readonly callId: string; readonly name: string; readonly arguments: Readonly<Record<string, unknown>> };
  readonly answer: string;
}): ScriptedResponsesUpstreamOptions['reply'] {
  return (body) => {
    const offersTool = (body.tools ?? []).some((tool) => tool.name === script.call.name);
    if (offersTool && functionCallOutputs(body, script.call.callId).length === 0) return { type: 'function_call', ...script.call };
    return { type: 'text', text: script.answer };
  };
}

/** The output of every `function_call_output` item answering `callId`, in input order. */
export function functionCallOutputs(body: ResponsesRequestBody, callId: string): string[] {
  return (body.input ?? [])
    .filter((item) => item.type === 'function_call_output' && item.call_id === callId)
    .map((item) => (typeof item.output === 'string' ? item.output : JSON.stringify(item.output)));
}

function outputItemOf(reply: ResponsesReply, n: number): Record<string, unknown> {
  if (reply.type === 'function_call') {
    return {
      type: 'function_call',
      id: `fc_scripted_${n}`,
      call_id: reply.callId,
      name: reply.name,
      arguments: JSON.stringify(reply.arguments),
      status: 'completed',
    };
  }
  return {
    type: 'message',
    id: `msg_scripted_${n}`,
    role: 'assistant',
    status: 'completed',
    content: [{ type: 'output_text', text: reply.text, annotations: [] }],
  };
}

function streamReply(
  response: ServerResponse,
  done: Record<string, unknown>,
  item: Record<string, unknown>,
  reply: ResponsesReply,
): void {
  const created = { ...done, status: 'in_progress', output: [] };
  const events = [sseEvent('response.created', { response: created })];
  if (reply.type === 'text') {
    events.push(
      sseEvent('response.output_item.added', { output_index: 0, item: { ...item, content: [] } }),
      sseEvent('response.output_text.delta', { output_index: 0, item_id: item.id, content_index: 0, delta: reply.text }),
    );
  } else {
    events.push(sseEvent('response.output_item.added', { output_index: 0, item: { ...item, arguments: '' } }));
  }
  events.push(sseEvent('response.output_item.done', { output_index: 0, item }), sseEvent('response.completed', { response: done }));
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  response.end(events.join(''));
}
