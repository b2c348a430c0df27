import { LOCAL_TENANT, type Pipeline } from '@headroom/core';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { createHeadroomMcpServer } from './create-headroom-mcp-server.js';

export interface ServeStdioOptions {
  readonly pipeline: Pipeline;
  /** Default: process.stdin / process.stdout. */
  readonly stdin?: NodeJS.ReadableStream;
  readonly stdout?: NodeJS.WritableStream;
}

/**
 * Serves the Headroom tools over stdio until the client closes stdin. The client is the local user
 * who started the process: the local tenant. Resolves when the connection is closed.
 */
export async function serveStdio(options: ServeStdioOptions): Promise<void> {
  const server = createHeadroomMcpServer({ pipeline: options.pipeline, tenant: LOCAL_TENANT });
  const transport = new StdioServerTransport(options.stdin as never, options.stdout as never);
  const closed = new Promise<void>((resolve) => {
    server.server.onclose = () => resolve();
  });
  await server.connect(transport);
  // The SDK's stdio transport does not notice the end of stdin by itself: close on it.
  (options.stdin ?? process.stdin).once('end', () => void server.close());
  await closed;
}
