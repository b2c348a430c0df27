import type { ContentHints } from '../../compressor.js';
import { hintsFromArguments, isObject, type Json, joinedText, type LocatedSlots, type Slot } from '../../formats/slot.js';

/** OpenAI Chat Completions: `role: "tool"` (and legacy `role: "function"`) message content. */
export function locateOpenAIChatSlots(body: Record<string, Json>): LocatedSlots {
  const messages = Array.isArray(body.messages) ? body.messages : [];
  const calls = new Map<string, { name: string; hints?: ContentHints }>();
  const slots: Slot[] = [];
  let lastUserMessageIndex = -1;
  let query: string | undefined;

  messages.forEach((message, messageIndex) => {
    if (!isObject(message)) return;
    const content = message.content;
    if (message.role === 'assistant' && Array.isArray(message.tool_calls)) {
      for (const call of message.tool_calls) {
        if (isObject(call) && typeof call.id === 'string' && isObject(call.function)) {
          const hints = hintsFromArguments(call.function.arguments);
          calls.set(call.id, { name: String(call.function.name ?? ''), ...(hints ? { hints } : {}) });
        }
      }
      return;
    }
    if (message.role === 'user') {
      lastUserMessageIndex = messageIndex;
      query = joinedText(content, 'text');
      pushText(slots, content, ['messages', messageIndex, 'content'], { kind: 'user_text', messageIndex });
      return;
    }
    if (message.role === 'tool' || message.role === 'function') {
      const id = typeof message.tool_call_id === 'string' ? message.tool_call_id : undefined;
      const call = id ? calls.get(id) : undefined;
      const toolName = call?.name || (typeof message.name === 'string' ? message.name : undefined);
      pushText(slots, content, ['messages', messageIndex, 'content'], {
        kind: 'tool_result',
        messageIndex,
        ...(toolName ? { toolName } : {}),
        ...(id ? { toolCallId: id } : {}),
        ...(call?.hints ? { hints: call.hints } : {}),
      });
    }
  });
  return { slots, lastUserMessageIndex, ...(query !== undefined ? { query } : {}) };
}

function pushText(slots: Slot[], content: Json | undefined, path: (string | number)[], common: Omit<Slot, 'path' | 'text'>): void {
  if (typeof content === 'string') {
    slots.push({ path, text: content, ...common });
  } else if (Array.isArray(content)) {
    content.forEach((part, partIndex) => {
      if (isObject(part) && part.type === 'text' && typeof part.text === 'string') {
        slots.push({ path: [...path, partIndex, 'text'], text: part.text, ...common });
      }
    });
  }
}
