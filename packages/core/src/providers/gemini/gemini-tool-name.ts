import type { Json } from '../../formats/slot.js';
import { RETRIEVE_TOOL_NAME } from '../../retrieval/retrieve-tool-definition.js';
import { isObject } from '../../retrieval/stream-dialect.js';

/**
 * A Gemini `Tool` groups many function declarations; its name, for the question hosts ask ("is
 * the retrieve tool already offered?"), is the retrieve tool's when one of them is, else the first.
 */
export function geminiToolName(tool: Json): string | undefined {
  if (!isObject(tool) || !Array.isArray(tool.functionDeclarations)) return undefined;
  const names = tool.functionDeclarations.flatMap((d) => (isObject(d) && typeof d.name === 'string' ? [d.name] : []));
  return names.includes(RETRIEVE_TOOL_NAME) ? RETRIEVE_TOOL_NAME : names[0];
}
