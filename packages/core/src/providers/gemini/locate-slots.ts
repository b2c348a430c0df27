import type { ContentHints } from '../../compressor.js';
import { hintsFromArguments, isObject, type Json, type LocatedSlots, type Slot } from '../../formats/slot.js';

/**
 * Gemini `generateContent`: the string fields of each `functionResponse.response` (the Gemini CLI
 * puts a shell command's text in `output`, other tools in `content` or `result`) are tool-result
 * slots; `text` parts of `user` turns are the user's text. `systemInstruction` and `tools` are never
 * slots. A response is matched to its call by `id` when both carry one, else by name, in order.
 */
export function locateGeminiSlots(body: Record<string, Json>): LocatedSlots {
  const contents = Array.isArray(body.contents) ? body.contents : [];
  const byId = new Map<string, ContentHints | undefined>();
  const byName = new Map<string, (ContentHints | undefined)[]>();
  const slots: Slot[] = [];
  let lastUserMessageIndex = -1;
  let query: string | undefined;

  contents.forEach((content, messageIndex) => {
    if (!isObject(content) || !Array.isArray(content.parts)) return;
    const parts = content.parts;
    if (content.role === 'model') {
      for (const part of parts) {
        if (!isObject(part) || !isObject(part.functionCall)) continue;
        const call = part.functionCall;
        const hints = hintsFromArguments(call.args);
        if (typeof call.id === 'string') byId.set(call.id, hints);
        const name = String(call.name ?? '');
        byName.set(name, [...(byName.get(name) ?? []), hints]);
      }
      return;
    }
    const typed: string[] = [];
    parts.forEach((part, partIndex) => {
      if (!isObject(part)) return;
      if (typeof part.text === 'string') {
        typed.push(part.text);
        slots.push({ path: ['contents', messageIndex, 'parts', partIndex, 'text'], text: part.text, kind: 'user_text', messageIndex });
        return;
      }
      const answer = part.functionResponse;
      if (!isObject(answer) || !isObject(answer.response)) return;
      const toolName = typeof answer.name === 'string' ? answer.name : undefined;
      const id = typeof answer.id === 'string' ? answer.id : undefined;
      const hints = id !== undefined && byId.has(id) ? byId.get(id) : toolName !== undefined ? byName.get(toolName)?.shift() : undefined;
      for (const [field, value] of Object.entries(answer.response)) {
        if (typeof value !== 'string') continue;
        slots.push({
          path: ['contents', messageIndex, 'parts', partIndex, 'functionResponse', 'response', field],
          text: value,
          kind: 'tool_result',
          messageIndex,
          ...(toolName ? { toolName } : {}),
          ...(id ? { toolCallId: id } : {}),
          ...(hints ? { hints } : {}),
        });
      }
    });
    if (typed.length > 0) {
      lastUserMessageIndex = messageIndex;
      query = typed.join('\n');
    }
  });
  return { slots, lastUserMessageIndex, ...(query !== undefined ? { query } : {}) };
}
