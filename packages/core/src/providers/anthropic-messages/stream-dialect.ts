import { RETRIEVE_TOOL_NAME } from '../../retrieval/retrieve-tool-definition.js';
import type { SseEvent } from '../../retrieval/sse.js';
import { hashFromArguments, parseJson, type RetrieveCall, type StreamDialect } from '../../retrieval/stream-dialect.js';

type Block = Record<string, unknown> & { type?: string };

interface Usage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
}

const event = (name: string, data: unknown): SseEvent => ({ event: name, data: JSON.stringify(data) });

/** Anthropic Messages SSE: message_start, content_block_*, message_delta, message_stop. */
export function anthropicStreamDialect(): StreamDialect {
  const usage: Usage = { input_tokens: 0, output_tokens: 0, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };
  let nextClientIndex = 0;
  let round = 0;
  let stopReason: unknown = 'end_turn';
  let stopSequence: unknown = null;
  // Per round:
  let indexMap = new Map<number, number | 'hidden'>();
  let blocks = new Map<number, Block>();
  let partialJson = new Map<number, string>();
  let clientToolCalls = 0;

  const addUsage = (u: Record<string, unknown> | undefined, fields: (keyof Usage)[]) => {
    for (const field of fields) if (typeof u?.[field] === 'number') usage[field] += u[field] as number;
  };

  return {
    accept(e) {
      const data = parseJson(e.data);
      if (!data) return [e];
      const type = String(data.type ?? e.event);
      switch (type) {
        case 'message_start': {
          round++;
          const message = data.message as Record<string, unknown> | undefined;
          const u = message?.usage as Record<string, unknown> | undefined;
          addUsage(u, ['input_tokens', 'cache_creation_input_tokens', 'cache_read_input_tokens']);
          return round === 1 ? [e] : [];
        }
        case 'content_block_start': {
          const index = data.index as number;
          const block = { ...(data.content_block as Block) };
          blocks.set(index, block);
          if (block.type === 'tool_use' && block.name === RETRIEVE_TOOL_NAME) {
            indexMap.set(index, 'hidden');
            return [];
          }
          if (block.type === 'tool_use') clientToolCalls++;
          const clientIndex = nextClientIndex++;
          indexMap.set(index, clientIndex);
          return [clientIndex === index ? e : event('content_block_start', { ...data, index: clientIndex })];
        }
        case 'content_block_delta':
        case 'content_block_stop': {
          const index = data.index as number;
          if (type === 'content_block_delta') absorbDelta(index, data.delta as Record<string, unknown>);
          else finishBlock(index);
          const mapped = indexMap.get(index);
          if (mapped === 'hidden') return [];
          if (mapped === undefined || mapped === index) return [e];
          return [event(type, { ...data, index: mapped })];
        }
        case 'message_delta': {
          const delta = data.delta as Record<string, unknown> | undefined;
          stopReason = delta?.stop_reason ?? stopReason;
          stopSequence = delta?.stop_sequence ?? null;
          addUsage(data.usage as Record<string, unknown>, ['output_tokens']);
          return [];
        }
        case 'message_stop':
          return [];
        default:
          return [e];
      }
    },
    retrieveCalls() {
      const calls: RetrieveCall[] = [];
      for (const [index, mapped] of indexMap) {
        if (mapped !== 'hidden') continue;
        const block = blocks.get(index)!;
        calls.push({ id: String(block.id), hash: hashFromArguments(block.input) });
      }
      return calls;
    },
    clientCalls: () => clientToolCalls,
    continuation(body, answers, lastRound) {
      const content = [...blocks.entries()].sort(([a], [b]) => a - b).map(([, block]) => block);
      const messages = [
        ...((body.messages as unknown[]) ?? []),
        { role: 'assistant', content },
        { role: 'user', content: answers.map((a) => ({ type: 'tool_result', tool_use_id: a.id, content: a.text })) },
      ];
      return { ...body, messages, ...(lastRound ? { tool_choice: { type: 'none' } } : {}) };
    },
    nextRound() {
      indexMap = new Map();
      blocks = new Map();
      partialJson = new Map();
      clientToolCalls = 0;
    },
    finish() {
      return [
        event('message_delta', { type: 'message_delta', delta: { stop_reason: stopReason, stop_sequence: stopSequence }, usage: { ...usage } }),
        event('message_stop', { type: 'message_stop' }),
      ];
    },
    error(message) {
      return [event('error', { type: 'error', error: { type: 'api_error', message } })];
    },
    limitReached(text) {
      stopReason = 'end_turn';
      stopSequence = null;
      const index = nextClientIndex++;
      return [
        event('content_block_start', { type: 'content_block_start', index, content_block: { type: 'text', text: '' } }),
        event('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'text_delta', text } }),
        event('content_block_stop', { type: 'content_block_stop', index }),
      ];
    },
  };

  /** Rebuilds each block from its deltas: the continuation resends the model's turn as it was. */
  function absorbDelta(index: number, delta: Record<string, unknown> | undefined) {
    const block = blocks.get(index);
    if (!block || !delta) return;
    switch (delta.type) {
      case 'text_delta':
        block.text = String(block.text ?? '') + String(delta.text ?? '');
        break;
      case 'thinking_delta':
        block.thinking = String(block.thinking ?? '') + String(delta.thinking ?? '');
        break;
      case 'signature_delta':
        block.signature = delta.signature;
        break;
      case 'citations_delta':
        block.citations = [...((block.citations as unknown[]) ?? []), delta.citation];
        break;
      case 'input_json_delta':
        partialJson.set(index, (partialJson.get(index) ?? '') + String(delta.partial_json ?? ''));
        break;
    }
  }

  /** A tool call's input arrives as JSON text in pieces; it is parsed once, when the block ends. */
  function finishBlock(index: number) {
    const block = blocks.get(index);
    const json = partialJson.get(index);
    if (block && json !== undefined) block.input = parseJson(json) ?? {};
  }
}
