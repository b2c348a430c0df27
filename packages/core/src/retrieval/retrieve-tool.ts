import type { RequestFormat } from '../formats/compress-request.js';
import { isObject, type Json } from '../formats/slot.js';
import { normalizeRef } from '../hash.js';
import type { StoredOriginal } from '../store/store.js';

export const RETRIEVE_TOOL_NAME = 'headroom_retrieve';

export const RETRIEVE_TOOL_DESCRIPTION =
  'Returns the original content that was omitted behind a <<headroom: ... ref=REF>> marker; call it with the ref as hash when the visible text is not enough.';

/** A fresh object each time: a caller that mutates its body cannot change the next request's tool. */
const parameters = (): Json => ({
  type: 'object',
  properties: { hash: { type: 'string', description: 'The 24-character ref from the marker.' } },
  required: ['hash'],
});

/** The retrieve tool in the provider's own tool shape. Always the same bytes for a format. */
export function retrieveToolFor(format: RequestFormat): Json {
  switch (format) {
    case 'anthropic-messages':
      return { name: RETRIEVE_TOOL_NAME, description: RETRIEVE_TOOL_DESCRIPTION, input_schema: parameters() };
    case 'openai-chat':
      return { type: 'function', function: { name: RETRIEVE_TOOL_NAME, description: RETRIEVE_TOOL_DESCRIPTION, parameters: parameters() } };
    case 'openai-responses':
      return { type: 'function', name: RETRIEVE_TOOL_NAME, description: RETRIEVE_TOOL_DESCRIPTION, parameters: parameters() };
  }
}

function toolName(tool: Json): string | undefined {
  if (!isObject(tool)) return undefined;
  if (typeof tool.name === 'string') return tool.name;
  return isObject(tool.function) && typeof tool.function.name === 'string' ? tool.function.name : undefined;
}

/**
 * The body with the retrieve tool appended to `tools` (created when absent). Appending at the end
 * keeps the client's tools, and any cache breakpoint on them, exactly where they were. A body
 * that already has a tool of that name is returned as is.
 */
export function withRetrieveTool<T>(body: T, format: RequestFormat): T {
  if (!isObject(body)) return body;
  const tools = Array.isArray(body.tools) ? body.tools : [];
  if (tools.some((tool) => toolName(tool) === RETRIEVE_TOOL_NAME)) return body;
  return { ...body, tools: [...tools, retrieveToolFor(format)] } as T;
}

/**
 * The text a retrieve call gets back: the original byte-exact, or a plain explanation of the miss
 * that tells the model how to get the content again (never an error: the turn goes on).
 */
export function retrievalResultText(hash: string, stored: StoredOriginal | undefined, toolName?: string): string {
  if (stored) return stored.original;
  const ref = normalizeRef(hash);
  if (!ref) return `"${hash}" is not a Headroom ref: pass the 24 hex characters after ref= in a <<headroom: ...>> marker.`;
  const rerun = toolName ? `Re-run the ${toolName} call that produced this content` : 'Re-run the tool that produced this content';
  return `The original behind ref ${ref} is no longer stored (it expired or was never kept). ${rerun} to see it in full.`;
}
