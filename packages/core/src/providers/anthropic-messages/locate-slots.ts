import type { ContentHints } from '../../compressor.js';
import { hintsFromArguments, isObject, type Json, joinedText, type LocatedSlots, type Slot } from '../../formats/slot.js';

/**
 * Anthropic Messages: `tool_result` blocks (string or text-block content) and `document` blocks
 * with text sources. The system prompt and `tools` are never slots.
 */
export function locateAnthropicSlots(body: Record<string, Json>): LocatedSlots {
  const messages = Array.isArray(body.messages) ? body.messages : [];
  const toolUses = new Map<string, { name: string; hints?: ContentHints }>();
  const slots: Slot[] = [];
  let lastUserMessageIndex = -1;
  let query: string | undefined;

  messages.forEach((message, messageIndex) => {
    if (!isObject(message)) return;
    const content = message.content;
    if (message.role === 'assistant' && Array.isArray(content)) {
      for (const block of content) {
        if (isObject(block) && (block.type === 'tool_use' || block.type === 'server_tool_use') && typeof block.id === 'string') {
          const hints = hintsFromArguments(block.input);
          const name = String(block.name ?? '');
          toolUses.set(block.id, hints ? { name, hints } : { name });
        }
      }
      return;
    }
    if (message.role !== 'user') return;
    const typed = joinedText(content, 'text');
    if (typed !== undefined) {
      lastUserMessageIndex = messageIndex;
      query = typed;
    }
    if (typeof content === 'string') {
      slots.push({ path: ['messages', messageIndex, 'content'], text: content, kind: 'user_text', messageIndex });
      return;
    }
    if (!Array.isArray(content)) return;
    content.forEach((block, blockIndex) => {
      if (!isObject(block)) return;
      const base = ['messages', messageIndex, 'content', blockIndex] as const;
      if (block.type === 'tool_result') {
        const id = typeof block.tool_use_id === 'string' ? block.tool_use_id : undefined;
        const use = id ? toolUses.get(id) : undefined;
        if (typeof block.content === 'string') {
          slots.push(toolResultSlot([...base, 'content'], block.content, messageIndex, id, use));
        } else if (Array.isArray(block.content)) {
          block.content.forEach((inner, innerIndex) => {
            if (isObject(inner) && inner.type === 'text' && typeof inner.text === 'string') {
              slots.push(toolResultSlot([...base, 'content', innerIndex, 'text'], inner.text, messageIndex, id, use));
            }
          });
        }
      } else if (block.type === 'document' && isObject(block.source)) {
        const source = block.source;
        if (source.type === 'text' && typeof source.data === 'string') {
          slots.push({ path: [...base, 'source', 'data'], text: source.data, kind: 'document', messageIndex });
        } else if (source.type === 'content' && Array.isArray(source.content)) {
          source.content.forEach((inner, innerIndex) => {
            if (isObject(inner) && inner.type === 'text' && typeof inner.text === 'string') {
              slots.push({ path: [...base, 'source', 'content', innerIndex, 'text'], text: inner.text, kind: 'document', messageIndex });
            }
          });
        }
      } else if (block.type === 'text' && typeof block.text === 'string') {
        slots.push({ path: [...base, 'text'], text: block.text, kind: 'user_text', messageIndex });
      }
    });
  });
  return { slots, lastUserMessageIndex, ...(query !== undefined ? { query } : {}) };
}

/**
 * A tool result's slot, fields set one by one in the order slots always had: every request locates
 * its whole history (several times), and a spread per optional field was a slow copy each.
 */
function toolResultSlot(path: Slot['path'], text: string, messageIndex: number, id: string | undefined, use: { name: string; hints?: ContentHints } | undefined): Slot {
  const slot: { -readonly [K in keyof Slot]: Slot[K] } = { path, text, kind: 'tool_result', messageIndex };
  if (use?.name) slot.toolName = use.name;
  if (id) slot.toolCallId = id;
  if (use?.hints) slot.hints = use.hints;
  return slot;
}
