import { isObject, type Json } from '../formats/slot.js';

/** A tool definition's name: `name` at the top (Anthropic, Responses) or under `function` (Chat). */
export function toolNameOf(tool: Json): string | undefined {
  if (!isObject(tool)) return undefined;
  if (typeof tool.name === 'string') return tool.name;
  return isObject(tool.function) && typeof tool.function.name === 'string' ? tool.function.name : undefined;
}
