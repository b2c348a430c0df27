import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LOCAL_TENANT, type Pipeline, tenantOf } from '@headroom/core';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { createHeadroomMcpServer } from './create-headroom-mcp-server.js';
import { bearerOf, matchingToken } from './internal/access.js';
import { readJsonBody } from './internal/read-json-body.js';

export interface McpHttpHandlerOptions {
  readonly pipeline: Pipeline;
  /**
   * Bearer tokens the server accepts; each one is a tenant (`tenantOf(token)`). When empty, any
   * request is accepted: one without a token is the local tenant, one with a token that token's
   * tenant. Default: none (only for loopback).
   */
  readonly tokens?: readonly string[];
  /** `Host` header values accepted (`host:port`, lower case): anything else is refused (DNS rebinding). */
  readonly allowedHosts: readonly string[];
  /** `Origin` header values accepted when a request carries one (browsers do). Default: none. */
  readonly allowedOrigins?: readonly string[];
  /** Default `/mcp`. */
  readonly path?: string;
  /** Open sessions at most; past it, a new session is refused with 503. Default 100. */
  readonly maxSessions?: number;
  /**
   * A session with no request for this long is closed when a new session needs room (clients
   * do not always end theirs with DELETE). Default 30 min.
   */
  readonly sessionIdleMs?: number;
  /** Largest request body in bytes. Default 64 MiB (the compress tool takes up to 16 Mi characters). */
  readonly maxBodyBytes?: number;
}

export interface McpHttpHandler {
  /** Answers one HTTP request; never rejects. */
  (req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** Open sessions right now. */
  readonly sessionCount: () => number;
  /** Closes every session. */
  close(): Promise<void>;
}

interface Session {
  readonly tenant: string;
  readonly transport: StreamableHTTPServerTransport;
  lastSeen: number;
}

/**
 * The Headroom MCP server over Streamable HTTP as a mountable `(req, res)` handler, with sessions.
 * Each session belongs to the tenant of the bearer token that opened it: a request for a session
 * with another token is answered as if the session did not exist.
 */
export function createMcpHttpHandler(options: McpHttpHandlerOptions): McpHttpHandler {
  const path = options.path ?? '/mcp';
  const tokens = options.tokens ?? [];
  const allowedHosts = new Set(options.allowedHosts.map((h) => h.toLowerCase()));
  const allowedOrigins = new Set((options.allowedOrigins ?? []).map((o) => o.toLowerCase()));
  const maxSessions = options.maxSessions ?? 100;
  const maxBodyBytes = options.maxBodyBytes ?? 64 * 1024 * 1024;
  const sessionIdleMs = options.sessionIdleMs ?? 30 * 60 * 1000;
  const sessions = new Map<string, Session>();

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://local');
    if (url.pathname !== path) return sendJson(res, 404, { error: `not found: the MCP endpoint is ${path}` });
    // DNS rebinding: a page on an attacker's domain that resolves to 127.0.0.1 sends its own
    // name as Host, and its own Origin. Both must be ones this server answers to.
    if (!allowedHosts.has((req.headers.host ?? '').toLowerCase())) return sendRpcError(res, 403, -32000, 'Forbidden: Host not allowed');
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedOrigins.has(origin.toLowerCase())) return sendRpcError(res, 403, -32000, 'Forbidden: Origin not allowed');

    const bearer = bearerOf(req.headers.authorization);
    if (tokens.length > 0 && matchingToken(bearer, tokens) === undefined) {
      res.setHeader('www-authenticate', 'Bearer');
      return sendRpcError(res, 401, -32001, 'Unauthorized: send Authorization: Bearer <token>');
    }
    const tenant = bearer === undefined ? LOCAL_TENANT : tenantOf(bearer);

    const sessionId = req.headers['mcp-session-id'];
    if (typeof sessionId === 'string') {
      const session = sessions.get(sessionId);
      if (!session || session.tenant !== tenant) return sendRpcError(res, 404, -32001, 'Session not found');
      session.lastSeen = Date.now();
      const body = req.method === 'POST' ? await readJsonBody(req, maxBodyBytes) : undefined;
      if (body && !body.ok) return sendRpcError(res, body.status, -32700, body.message);
      await session.transport.handleRequest(req, res, body?.value);
      return;
    }
    if (req.method !== 'POST') return sendRpcError(res, 400, -32000, 'Bad Request: no mcp-session-id header (initialize first)');
    const body = await readJsonBody(req, maxBodyBytes);
    if (!body.ok) return sendRpcError(res, body.status, -32700, body.message);
    if (!isInitializeRequest(body.value)) return sendRpcError(res, 400, -32000, 'Bad Request: no mcp-session-id header (initialize first)');
    if (sessions.size >= maxSessions) await closeIdle(Date.now() - sessionIdleMs);
    if (sessions.size >= maxSessions) return sendRpcError(res, 503, -32000, `Too many sessions (${maxSessions}); close one first`);

    const server = createHeadroomMcpServer({ pipeline: options.pipeline, tenant });
    const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => {
        sessions.set(id, { tenant, transport, lastSeen: Date.now() });
      },
    });
    transport.onclose = () => {
      if (transport.sessionId) sessions.delete(transport.sessionId);
      void server.close();
    };
    await server.connect(transport);
    await transport.handleRequest(req, res, body.value);
  }

  /** Closes the sessions last used at or before `before`; lazily, so there is no timer to stop. */
  async function closeIdle(before: number): Promise<void> {
    const idle = [...sessions.entries()].filter(([, session]) => session.lastSeen <= before);
    for (const [id] of idle) sessions.delete(id);
    await Promise.allSettled(idle.map(([, session]) => session.transport.close()));
  }

  const handler = (async (req: IncomingMessage, res: ServerResponse) => {
    try {
      await handle(req, res);
    } catch {
      // A bug or a dropped connection must not take the server down; the client gets a 500.
      if (!res.headersSent) sendRpcError(res, 500, -32603, 'Internal error');
      else res.end();
    }
  }) as McpHttpHandler;
  Object.assign(handler, {
    sessionCount: () => sessions.size,
    async close() {
      const open = [...sessions.values()];
      sessions.clear();
      await Promise.allSettled(open.map((s) => s.transport.close()));
    },
  });
  return handler;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function sendRpcError(res: ServerResponse, status: number, code: number, message: string): void {
  sendJson(res, status, { jsonrpc: '2.0', error: { code, message }, id: null });
}
