import { contentHash, type RequestFormat } from '@headroom/core';
import type { CacheProvider } from '../cost-model.js';

/** What the chat step needs to know about a request besides its slots. */
export interface RequestFacts {
  readonly provider: CacheProvider;
  readonly model: string;
  /** The history: `messages` (Anthropic, OpenAI Chat) or `input` items (Responses). */
  readonly history: readonly unknown[];
  /** Everything before the history (system, tools, instructions), as JSON: its size counts in every prefix. */
  readonly head: string;
  /** Index of the last assistant turn in the history (-1 if none): slots after it are new this turn. */
  readonly lastAssistant: number;
  /** History indices that carry a client `cache_control` breakpoint. */
  readonly breakpoints: readonly number[];
  /** The request asks for the 1-hour cache (Anthropic `ttl: "1h"`) or 24-hour retention (OpenAI). */
  readonly longCache: boolean;
  /** The history lives on the server (`previous_response_id`): there is nothing here to compact. */
  readonly serverSide: boolean;
  /** Identifies the conversation across turns: its system prompt and first user turn. */
  readonly conversationKey: string;
  /** The last history index of the opening that `conversationKey` is made of. */
  readonly openingEnd: number;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export function requestFacts(body: unknown, format: RequestFormat): RequestFacts {
  const record = isRecord(body) ? body : {};
  const history = format === 'openai-responses' ? (Array.isArray(record.input) ? record.input : []) : Array.isArray(record.messages) ? record.messages : [];
  const { messages: _m, input: _i, ...rest } = record;
  let lastAssistant = -1;
  const breakpoints: number[] = [];
  let oneHour = false;
  history.forEach((item, index) => {
    if (!isRecord(item)) return;
    const type = typeof item.type === 'string' ? item.type : 'message';
    if (item.role === 'assistant' || type === 'function_call' || type === 'custom_tool_call' || type === 'reasoning') lastAssistant = index;
    if (Array.isArray(item.content)) {
      for (const block of item.content) {
        const control = isRecord(block) ? block.cache_control : undefined;
        if (isRecord(control)) {
          breakpoints.push(index);
          if (control.ttl === '1h') oneHour = true;
        }
      }
    }
  });
  if (JSON.stringify(rest.system ?? null).includes('"ttl":"1h"') || JSON.stringify(rest.tools ?? null).includes('"ttl":"1h"')) oneHour = true;
  const firstUser = history.findIndex((item) => isRecord(item) && item.role === 'user');
  const openingEnd = format === 'openai-chat' ? firstUser : Math.max(1, firstUser + 1) - 1;
  const opening = history.slice(0, openingEnd + 1);
  const identity = JSON.stringify([format, rest.system ?? null, rest.instructions ?? null, opening]);
  return {
    provider: format === 'anthropic-messages' ? 'anthropic' : 'openai',
    model: typeof record.model === 'string' ? record.model : '',
    history,
    head: JSON.stringify(rest),
    lastAssistant,
    breakpoints,
    longCache: oneHour || record.prompt_cache_retention === '24h',
    serverSide: format === 'openai-responses' && typeof record.previous_response_id === 'string',
    conversationKey: contentHash(identity).slice(0, 32),
    openingEnd,
  };
}
