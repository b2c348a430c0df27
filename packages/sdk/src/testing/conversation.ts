import { execFileSync } from 'node:child_process';
import {
  anthropicMessage,
  anthropicStream,
  openaiChatCompletion,
  openaiChatStream,
  openaiResponse,
  openaiResponsesStream,
  type RecordedRequest,
  type ReplyOptions,
  type ScriptedEvent,
} from '@headroom/proxy/testing';

/** Real command output: this machine's package list (`dpkg -l`, about 115 KB), capped at 200 KB. */
export const DPKG = execFileSync('dpkg', ['-l'], { encoding: 'utf8', maxBuffer: 8 * 1024 * 1024 }).slice(0, 200_000);
export const QUESTION = 'Which python3 packages are installed?';

export type Shape = 'anthropic' | 'chat' | 'responses';

/** A conversation whose last turn is the `dpkg -l` result of a Bash call, in each API's shape. */
export function conversation(shape: Shape) {
  if (shape === 'anthropic') {
    return [
      { role: 'user' as const, content: QUESTION },
      { role: 'assistant' as const, content: [{ type: 'tool_use' as const, id: 't1', name: 'Bash', input: { command: 'dpkg -l' } }] },
      { role: 'user' as const, content: [{ type: 'tool_result' as const, tool_use_id: 't1', content: DPKG }] },
    ];
  }
  if (shape === 'chat') {
    return [
      { role: 'user' as const, content: QUESTION },
      { role: 'assistant' as const, content: null, tool_calls: [{ id: 'c1', type: 'function' as const, function: { name: 'Bash', arguments: '{"command":"dpkg -l"}' } }] },
      { role: 'tool' as const, tool_call_id: 'c1', content: DPKG },
    ];
  }
  return [
    { type: 'message' as const, role: 'user' as const, content: QUESTION },
    { type: 'function_call' as const, call_id: 'c1', name: 'Bash', arguments: '{"command":"dpkg -l"}' },
    { type: 'function_call_output' as const, call_id: 'c1', output: DPKG },
  ];
}

export const reply = (shape: Shape, stream: boolean, options: ReplyOptions) => {
  if (shape === 'anthropic') return stream ? { sse: anthropicStream(options) } : { json: anthropicMessage(options) };
  if (shape === 'chat') return stream ? { sse: openaiChatStream(options) } : { json: openaiChatCompletion(options) };
  return stream ? { sse: openaiResponsesStream(options) } : { json: openaiResponse(options) };
};

/**
 * Holds a scripted stream after its first text delta until `release` is called: proof that the
 * client reads what the model streamed before the retrieval round even starts.
 */
export function holdAfterFirstText(events: readonly ScriptedEvent[], until: Promise<unknown>): ScriptedEvent[] {
  const first = events.findIndex((e) => JSON.stringify(e.data).includes('Let me'));
  return events.map((e, i) => (i === first + 1 ? { ...e, waitFor: until } : e));
}

/** The tool output as the upstream received it. */
export function sentToolOutput(shape: Shape, request: RecordedRequest): string {
  const body = request.json();
  if (shape === 'anthropic') return body.messages[2].content[0].content;
  if (shape === 'chat') return body.messages[2].content;
  return body.input[2].output;
}

/** What a continuation request carried as the answer to the retrieve call. */
export function retrieveAnswer(shape: Shape, request: RecordedRequest): unknown {
  const sent = request.json();
  if (shape === 'anthropic') return sent.messages.at(-1).content[0].content;
  if (shape === 'chat') return sent.messages.at(-1).content;
  return sent.input.at(-1).output;
}

export const toolNames = (request: RecordedRequest): string[] =>
  (request.json().tools ?? []).map((t: { name?: string; function?: { name: string } }) => t.name ?? t.function?.name);
