import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

/** A successful tool answer: one text block per argument, in order. */
export function textResult(...texts: string[]): CallToolResult {
  return { content: texts.map((text) => ({ type: 'text' as const, text })) };
}

/**
 * A tool error the model reads and can act on. MCP says tool failures are results with
 * `isError`, not protocol errors: a protocol error reaches the client, never the model.
 */
export function toolError(message: string): CallToolResult {
  return { content: [{ type: 'text', text: message }], isError: true };
}
