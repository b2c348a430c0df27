import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HeadroomError, type Pipeline } from '@headroom/core';
import { isLoopbackBind } from '@headroom/core';
import { createMcpHttpHandler, type McpHttpHandler } from './mcp-http-handler.js';

export const DEFAULT_MCP_HOST = '127.0.0.1';
export const DEFAULT_MCP_PORT = 8788;

export interface StartMcpHttpServerOptions {
  readonly pipeline: Pipeline;
  /** Default 127.0.0.1. Any non-loopback address needs `tokens`. */
  readonly host?: string;
  /** Default 8788; 0 for any free port. */
  readonly port?: number;
  /** Bearer tokens accepted (each its own tenant). Required off loopback. */
  readonly tokens?: readonly string[];
  /** More `Host` values to accept besides this server's own (a DNS name it is reached by). */
  readonly allowedHosts?: readonly string[];
  /** `Origin` values to accept besides this server's own loopback origins. */
  readonly allowedOrigins?: readonly string[];
}

export interface RunningMcpHttpServer {
  /** `http://HOST:PORT/mcp`. */
  readonly url: string;
  readonly handler: McpHttpHandler;
  close(): Promise<void>;
}

/** A thin shell around `createMcpHttpHandler`: listens, works out its own hosts and origins. */
export async function startMcpHttpServer(options: StartMcpHttpServerOptions): Promise<RunningMcpHttpServer> {
  const host = options.host ?? DEFAULT_MCP_HOST;
  const tokens = options.tokens ?? [];
  if (tokens.some((t) => t.trim() === '')) throw new HeadroomError('invalid_argument', 'a token must not be empty');
  if (!isLoopbackBind(host) && tokens.length === 0) {
    throw new HeadroomError('invalid_argument', `listening on ${host} exposes the MCP server beyond this machine: set a token`);
  }
  let handler: McpHttpHandler | undefined;
  const server = createServer((req, res) => {
    if (handler) void handler(req, res);
    else res.writeHead(503).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? DEFAULT_MCP_PORT, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const names = ['localhost', '127.0.0.1', '[::1]', host.includes(':') && !host.startsWith('[') ? `[${host}]` : host];
  const own = [...new Set(names)];
  handler = createMcpHttpHandler({
    pipeline: options.pipeline,
    tokens,
    allowedHosts: [...own.map((name) => `${name}:${port}`), ...(options.allowedHosts ?? [])],
    allowedOrigins: [...own.map((name) => `http://${name}:${port}`), ...(options.allowedOrigins ?? [])],
  });
  const urlHost = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}/mcp`,
    handler,
    async close() {
      await handler?.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
