import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { jsonCompressor } from '@headroom/compressor-json';
import { createMemoryStore, tenantOf } from '@headroom/core';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMcpPipeline } from './create-mcp-pipeline.js';
import { createMcpHttpHandler, type McpHttpHandler } from './mcp-http-handler.js';
import { type RunningMcpHttpServer, startMcpHttpServer } from './start-mcp-http-server.js';

describe('startMcpHttpServer with tokens', () => {
  const store = createMemoryStore();
  let server: RunningMcpHttpServer;
  beforeAll(async () => {
    server = await startMcpHttpServer({ pipeline: createMcpPipeline({ compressors: [jsonCompressor()], store }), port: 0, tokens: ['t-one', 't-two'] });
  });
  afterAll(async () => {
    await server.close();
    await store.close();
  });

  it('refuses a request without a token or with a wrong one (401)', async () => {
    for (const headers of [{}, { authorization: 'Bearer nope' }, { authorization: 'Basic t-one' }]) {
      const response = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers }, body: '{}' });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer');
    }
  });

  it('serves each accepted token as its own tenant, and closes its sessions', async () => {
    const client = new Client({ name: 'one', version: '1' });
    await client.connect(new StreamableHTTPClientTransport(new URL(server.url), { requestInit: { headers: { authorization: 'Bearer t-two' } } }));
    const rows = Array.from({ length: 300 }, (_, i) => ({ id: i, state: i % 7 === 0 ? 'closed' : 'open', title: `issue ${i}` }));
    const result = await client.callTool({ name: 'headroom_compress', arguments: { content: JSON.stringify(rows, null, 2) } });
    expect(result.isError).toBeFalsy();
    const events = await store.ledger.read({ type: 'compression' });
    expect(events).toEqual([expect.objectContaining({ tenant: tenantOf('t-two'), source: 'mcp' })]);
    expect(server.handler.sessionCount()).toBe(1);
    await client.close();
  });

  it('makes room for a new session by closing idle ones', async () => {
    let handler: McpHttpHandler | undefined;
    const http = createServer((req, res) => void handler?.(req, res));
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const url = new URL(`http://127.0.0.1:${(http.address() as AddressInfo).port}/mcp`);
    handler = createMcpHttpHandler({ pipeline: createMcpPipeline({ compressors: [], store }), allowedHosts: [url.host], maxSessions: 1, sessionIdleMs: 0 });
    try {
      const first = new Client({ name: 'first', version: '1' });
      await first.connect(new StreamableHTTPClientTransport(url));
      const second = new Client({ name: 'second', version: '1' });
      await second.connect(new StreamableHTTPClientTransport(url));
      expect(handler.sessionCount()).toBe(1);
      expect((await second.listTools()).tools).toHaveLength(3);
      await expect(first.listTools()).rejects.toThrow(/Session not found/);
      await second.close();
      await handler.close();
    } finally {
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    }
  });

  it('will not listen beyond loopback without a token', async () => {
    await expect(startMcpHttpServer({ pipeline: createMcpPipeline({ compressors: [], store }), host: '0.0.0.0', port: 0 })).rejects.toThrow(/set a token/);
  });
});
