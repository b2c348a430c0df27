import { isObject } from '../formats/slot.js';
import { normalizeRef } from '../hash.js';
import type { RequestFormat } from '../providers/provider-module.js';
import { providerModule } from '../providers/provider-modules.js';
import type { StoredOriginal } from '../store/store.js';
import { RETRIEVE_TOOL_NAME } from './retrieve-tool-definition.js';

export { RETRIEVE_TOOL_DESCRIPTION, RETRIEVE_TOOL_NAME } from './retrieve-tool-definition.js';

/** The retrieve tool in the provider's own tool shape. Always the same bytes for a format. */
export function retrieveToolFor(format: RequestFormat) {
  return providerModule(format).retrieveTool();
}

/**
 * The body with the retrieve tool appended to `tools` (created when absent). Appending at the end
 * keeps the client's tools, and any cache breakpoint on them, exactly where they were. A body
 * that already has a tool of that name is returned as is.
 */
export function withRetrieveTool<T>(body: T, format: RequestFormat): T {
  if (!isObject(body)) return body;
  const module = providerModule(format);
  const tools = Array.isArray(body.tools) ? body.tools : [];
  if (tools.some((tool) => module.toolName(tool) === RETRIEVE_TOOL_NAME)) return body;
  return { ...body, tools: [...tools, module.retrieveTool()] } as T;
}

/**
 * Whether the client's body declares a tool of its own the model can call by name (Gemini: a
 * function declaration). Such a conversation gets the retrieve tool from its first request on (see
 * `prepareRetrieval`), so the tool list never changes when its first marker appears. A body with
 * no tools (a plain chat, or only unnamed built-in tools) is not given one before it needs it.
 */
export function declaresTools(body: unknown, format: RequestFormat): boolean {
  if (!isObject(body) || !Array.isArray(body.tools)) return false;
  const module = providerModule(format);
  return body.tools.some((tool) => {
    const name = module.toolName(tool);
    return name !== undefined && name !== RETRIEVE_TOOL_NAME;
  });
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
