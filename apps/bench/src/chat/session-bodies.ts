import type { AgentSession } from './agent-session.js';

export type SessionFormat = 'anthropic-messages' | 'openai-chat';

export const PATHS: Record<SessionFormat, string> = { 'anthropic-messages': '/v1/messages', 'openai-chat': '/v1/chat/completions' };

export const callId = (format: SessionFormat, step: number) => (format === 'anthropic-messages' ? `toolu_${step}` : `call_${step}`);

const toolNames = (session: AgentSession) => [...new Set(session.steps.map((s) => s.tool))].sort();

/**
 * The request an agent sends before step `turn` runs: the whole history of steps `0..turn-1`, as
 * agents resend it every turn. Anthropic bodies mark the system prompt and the newest message with
 * `cache_control` (the newest one rolls forward every turn), as Claude Code does.
 */
export function sessionBody(session: AgentSession, format: SessionFormat, turn: number): Record<string, unknown> {
  const steps = session.steps.slice(0, turn);
  if (format === 'anthropic-messages') {
    const messages: Record<string, unknown>[] = [{ role: 'user', content: [{ type: 'text', text: session.task }] }];
    steps.forEach((step, i) => {
      messages.push({ role: 'assistant', content: [{ type: 'text', text: step.thought }, { type: 'tool_use', id: callId(format, i), name: step.tool, input: step.input }] });
      messages.push({ role: 'user', content: [{ type: 'tool_result', tool_use_id: callId(format, i), content: step.output }] });
    });
    const last = messages.at(-1)!.content as Record<string, unknown>[];
    last[last.length - 1] = { ...last.at(-1)!, cache_control: { type: 'ephemeral' } };
    return {
      model: 'claude-sonnet-4-5',
      max_tokens: 4096,
      system: [{ type: 'text', text: session.system, cache_control: { type: 'ephemeral' } }],
      tools: toolNames(session).map((name) => ({ name, description: `The ${name} tool.`, input_schema: { type: 'object', additionalProperties: true } })),
      messages,
    };
  }
  const messages: Record<string, unknown>[] = [
    { role: 'system', content: session.system },
    { role: 'user', content: session.task },
  ];
  steps.forEach((step, i) => {
    messages.push({ role: 'assistant', content: step.thought, tool_calls: [{ id: callId(format, i), type: 'function', function: { name: step.tool, arguments: JSON.stringify(step.input) } }] });
    messages.push({ role: 'tool', tool_call_id: callId(format, i), content: step.output });
  });
  return {
    model: 'gpt-4o',
    tools: toolNames(session).map((name) => ({ type: 'function', function: { name, description: `The ${name} tool.`, parameters: { type: 'object', additionalProperties: true } } })),
    messages,
  };
}

/** The text of the tool result of `step` in a request body as it reached the upstream. */
export function resultInBody(body: Record<string, unknown>, format: SessionFormat, step: number): string | undefined {
  const id = callId(format, step);
  for (const message of (body.messages as Record<string, unknown>[]) ?? []) {
    if (format === 'openai-chat') {
      if (message.role === 'tool' && message.tool_call_id === id) return typeof message.content === 'string' ? message.content : JSON.stringify(message.content);
      continue;
    }
    if (!Array.isArray(message.content)) continue;
    for (const block of message.content as Record<string, unknown>[]) {
      if (block.type === 'tool_result' && block.tool_use_id === id) return typeof block.content === 'string' ? block.content : JSON.stringify(block.content);
    }
  }
  return undefined;
}
