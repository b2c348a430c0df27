import { RETRIEVE_TOOL_NAME } from '../../retrieval/retrieve-tool-definition.js';
import type { SseEvent } from '../../retrieval/sse.js';
import { hashFromArguments, isObject, parseJson, type RetrieveCall, type StreamDialect, sumNumbers } from '../../retrieval/stream-dialect.js';

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
      // Not a chunk this dialect can read (an error object, garbage): relayed as it came.
      if (!chunk || !Array.isArray(chunk.choices)) return [e];
      if (isObject(chunk.usage)) addUsage(chunk.usage);
      first ??= { id: chunk.id, created: chunk.created };
      template = { id: first.id, object: chunk.object, created: first.created, model: chunk.model };
      const choices = chunk.choices as unknown[];
      if (choices.length === 0) return []; // the usage chunk: summed and sent at the end
      let changed = chunk.id !== first.id || chunk.created !== first.created || chunk.usage !== undefined;
      const outChoices = choices.map((choice): unknown => {
        // A choice or delta of a shape this dialect does not know passes as it came.
        if (!isObject(choice)) return choice;
        if (choice.finish_reason) {
          finishReason = choice.finish_reason;
          changed = true;
        }
        if (!isObject(choice.delta)) return { ...choice, finish_reason: null };
        const delta: Chunk = { ...choice.delta };
        if (typeof delta.content === 'string') text += delta.content;
        if (Array.isArray(delta.tool_calls)) {
          const original = delta.tool_calls as unknown[];
          const kept = original.flatMap((call) => {
            if (!isObject(call) || typeof call.index !== 'number') return [call];
            const mapped = trackCall(call as ToolCallDelta);
            if (mapped === 'hidden') return [];
            return [mapped === call.index ? call : { ...call, index: mapped }];
          });
          if (kept.length !== original.length || kept.some((k, i) => k !== original[i])) changed = true;
          if (kept.length > 0) delta.tool_calls = kept;
          else delete delta.tool_calls;
        }
        return { ...choice, delta, finish_reason: null };
      });
      if (!changed) return [e];
      // Choices left with nothing to say (their finish reason is held for the end) are dropped.
      const visible = outChoices.filter((c) => !isObject(c) || !(isObject(c.delta) ? Object.keys(c.delta).length === 0 : c.delta === undefined || c.delta === null));
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
    limitReached(limitText) {
      finishReason = 'stop';
      return [{ data: JSON.stringify({ ...template, choices: [{ index: 0, delta: { content: limitText }, finish_reason: null }] }) }];
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
