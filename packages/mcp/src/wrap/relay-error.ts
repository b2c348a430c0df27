import { McpError } from '@modelcontextprotocol/sdk/types.js';

/**
 * The wrapped server's JSON-RPC error, ready to be thrown from a front handler so the client gets
 * the same code, message and data. McpError prefixes its message ("MCP error -32602: …"); the
 * prefix is taken off again so the message is passed through, not wrapped twice.
 */
export function relayError(error: unknown): unknown {
  if (!(error instanceof McpError)) return error;
  const prefix = `MCP error ${error.code}: `;
  const message = error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
  return Object.assign(new Error(message), { code: error.code, data: error.data });
}
