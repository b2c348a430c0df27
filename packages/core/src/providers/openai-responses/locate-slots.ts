import type { ContentHints } from '../../compressor.js';
import { hintsFromArguments, isObject, type Json, joinedText, type LocatedSlots, type Slot } from '../../formats/slot.js';

const OUTPUT_ITEMS = new Set(['function_call_output', 'custom_tool_call_output']);
const CALL_ITEMS = new Set(['function_call', 'custom_tool_call']);

/** OpenAI Responses: `function_call_output` / `custom_tool_call_output` items of `input`. */
export function locateOpenAIResponsesSlots(body: Record<string, Json>): LocatedSlots {
  if (typeof body.input === 'string') return { slots: [], lastUserMessageIndex: -1, query: body.input };
  const items = Array.isArray(body.input) ? body.input : [];
  const calls = new Map<string, { name: string; hints?: ContentHints }>();
  const slots: Slot[] = [];
  let lastUserMessageIndex = -1;
  let query: string | undefined;

  items.forEach((item, itemIndex) => {
    if (!isObject(item)) return;
    const type = typeof item.type === 'string' ? item.type : 'message';
    if (CALL_ITEMS.has(type) && typeof item.call_id === 'string') {
      const hints = hintsFromArguments(item.arguments ?? item.input);
      calls.set(item.call_id, { name: String(item.name ?? ''), ...(hints ? { hints } : {}) });
      return;
    }
    if (type === 'message' && item.role === 'user') {
      const typed = joinedText(item.content, 'input_text');
      if (typed !== undefined) {
        lastUserMessageIndex = itemIndex;
        query = typed;
      }
      if (typeof item.content === 'string') {
        slots.push({ path: ['input', itemIndex, 'content'], text: item.content, kind: 'user_text', messageIndex: itemIndex });
      } else if (Array.isArray(item.content)) {
        item.content.forEach((part, partIndex) => {
          if (isObject(part) && part.type === 'input_text' && typeof part.text === 'string') {
            slots.push({ path: ['input', itemIndex, 'content', partIndex, 'text'], text: part.text, kind: 'user_text', messageIndex: itemIndex });
          }
        });
      }
      return;
    }
    if (!OUTPUT_ITEMS.has(type)) return;
    const id = typeof item.call_id === 'string' ? item.call_id : undefined;
    const call = id ? calls.get(id) : undefined;
    const common = {
      kind: 'tool_result' as const,
      messageIndex: itemIndex,
      ...(call?.name ? { toolName: call.name } : {}),
      ...(id ? { toolCallId: id } : {}),
      ...(call?.hints ? { hints: call.hints } : {}),
    };
    if (typeof item.output === 'string') {
      slots.push({ path: ['input', itemIndex, 'output'], text: item.output, ...common });
    } else if (Array.isArray(item.output)) {
      item.output.forEach((part, partIndex) => {
        if (isObject(part) && (part.type === 'input_text' || part.type === 'output_text') && typeof part.text === 'string') {
          slots.push({ path: ['input', itemIndex, 'output', partIndex, 'text'], text: part.text, ...common });
        }
      });
    }
  });
  return { slots, lastUserMessageIndex, ...(query !== undefined ? { query } : {}) };
}
