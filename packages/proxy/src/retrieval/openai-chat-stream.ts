import { RETRIEVE_TOOL_NAME } from '@headroom/core';
import type { SseEvent } from './sse.js';
import { hashFromArguments, parseJson, type RetrieveCall, type StreamDialect, sumNumbers } from './stream-dialect.js';

type Chunk = Record<string, unknown>;
type ToolCallDelta = { index: number; id?: string; type?: string; function?: { name?: string; arguments?: string } };

/** OpenAI Chat Completions SSE: `chat.completion.chunk` data lines, then `[DONE]`. */
export function openAIChatStreamDialect(): StreamDialect {
  let first: { id?: unknown; created?: unknown } | undefined;
  let nextClientToolIndex = 0;
  let finishReason: unknown = 'stop';
  let usage: Record<string, unknown> | undefined;
  let template: Chunk = {};
  // Per round:
  let toolMap = new Map<number, number | 'hidden'>();
  let calls = new Map<number, { id: string; name: string; args: string }>();
  let text = '';
  let clientToolCalls = 0;

  const addUsage = (u: Record<string, unknown>) => sumNumbers((usage ??= {}), u);

  return {
    accept(e) {
      if (e.data === '[DONE]') return [];
      const chunk = parseJson(e.data);
      if (!chunk) return [e];
      if (chunk.usage && typeof chunk.usage === 'object') addUsage(chunk.usage as Record<string, unknown>);
      first ??= { id: chunk.id, created: chunk.created };
      template = { id: first.id, object: chunk.object, created: first.created, model: chunk.model };
      const choices = Array.isArray(chunk.choices) ? (chunk.choices as Chunk[]) : [];
      if (choices.length === 0) return []; // the usage chunk: summed and sent at the end
      let changed = chunk.id !== first.id || chunk.created !== first.created || chunk.usage !== undefined;
      const outChoices = choices.map((choice) => {
        const delta = { ...((choice.delta as Chunk) ?? {}) };
        if (typeof delta.content === 'string') text += delta.content;
        if (choice.finish_reason) {
          finishReason = choice.finish_reason;
          changed = true;
        }
        if (Array.isArray(delta.tool_calls)) {
          const kept = (delta.tool_calls as ToolCallDelta[]).flatMap((call) => {
            const mapped = trackCall(call);
            if (mapped === 'hidden') return [];
            return [mapped === call.index ? call : { ...call, index: mapped }];
          });
          if (kept.length !== delta.tool_calls.length || kept.some((k, i) => k !== (delta.tool_calls as unknown[])[i])) changed = true;
          if (kept.length > 0) delta.tool_calls = kept;
          else delete delta.tool_calls;
        }
        return { ...choice, delta, finish_reason: null };
      });
      if (!changed) return [e];
      const visible = outChoices.filter((c) => Object.keys(c.delta).length > 0);
      if (visible.length === 0) return [];
      const { usage: _dropped, ...rest } = chunk;
      return [{ data: JSON.stringify({ ...rest, id: first.id, created: first.created, choices: visible }) }];
    },
    retrieveCalls() {
      const out: RetrieveCall[] = [];
      for (const [index, mapped] of toolMap) if (mapped === 'hidden') out.push({ id: calls.get(index)!.id, hash: hashFromArguments(calls.get(index)!.args) });
      return out;
    },
    clientCalls: () => clientToolCalls,
    continuation(body, answers, lastRound) {
      const retrieve = [...toolMap].filter(([, m]) => m === 'hidden').map(([index]) => calls.get(index)!);
      const messages = [
        ...((body.messages as unknown[]) ?? []),
        {
          role: 'assistant',
          content: text === '' ? null : text,
          tool_calls: retrieve.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: c.args } })),
        },
        ...answers.map((a) => ({ role: 'tool', tool_call_id: a.id, content: a.text })),
      ];
      return { ...body, messages, ...(lastRound ? { tool_choice: 'none' } : {}) };
    },
    nextRound() {
      toolMap = new Map();
      calls = new Map();
      text = '';
      clientToolCalls = 0;
    },
    finish() {
      const out: SseEvent[] = [{ data: JSON.stringify({ ...template, choices: [{ index: 0, delta: {}, finish_reason: finishReason }] }) }];
      if (usage) out.push({ data: JSON.stringify({ ...template, choices: [], usage }) });
      out.push({ data: '[DONE]' });
      return out;
    },
    error(message) {
      return [{ data: JSON.stringify({ error: { message, type: 'server_error', code: 'headroom_retrieval_failed' } }) }, { data: '[DONE]' }];
    },
  };

  /** Maps a tool call's upstream index to the client's (or hides it) and accumulates its pieces. */
  function trackCall(call: ToolCallDelta): number | 'hidden' {
    let mapped = toolMap.get(call.index);
    if (mapped === undefined) {
      const hidden = call.function?.name === RETRIEVE_TOOL_NAME;
      mapped = hidden ? 'hidden' : nextClientToolIndex++;
      if (!hidden) clientToolCalls++;
      toolMap.set(call.index, mapped);
      calls.set(call.index, { id: call.id ?? '', name: call.function?.name ?? '', args: '' });
    }
    const acc = calls.get(call.index)!;
    acc.args += call.function?.arguments ?? '';
    return mapped;
  }
}
