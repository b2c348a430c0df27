import { LOCAL_TENANT, type Pipeline } from '@headroom/core';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { RequestOptions } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import {
  CallToolRequestSchema,
  CallToolResultSchema,
  ListToolsRequestSchema,
  ProgressNotificationSchema,
  type ListToolsResult,
  ResultSchema,
  SetLevelRequestSchema,
  type Tool,
} from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { SERVER_VERSION } from '../internal/server-version.js';
import { toolError } from '../internal/tool-result.js';
import { RETRIEVE_TOOL_DESCRIPTION, RETRIEVE_TOOL_NAME, retrieveInputShape, runRetrieveTool } from '../retrieve-tool.js';
import { compressToolResult } from './compress-tool-result.js';
import { relayError } from './relay-error.js';

export interface CompressingFrontOptions {
  readonly pipeline: Pipeline;
  /** The stdio MCP server to start and front. */
  readonly command: string;
  readonly args?: readonly string[];
  /** Its environment. Default: this process's, whole (as if it were started directly). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly cwd?: string;
  /** Where its stderr goes. Default: inherited. */
  readonly stderr?: 'inherit' | 'pipe' | 'ignore';
  /** The server name announced to the client. Default: the wrapped server's own. */
  readonly name?: string;
  /** How long one relayed request may take. Default 1 h: the client's own timeout and cancellation govern. */
  readonly requestTimeoutMs?: number;
}

export interface CompressingFront {
  /** Serves the front on `transport` (stdio in the CLI); resolves once connected. */
  connect(transport: Transport): Promise<void>;
  /** Resolves when either side has gone: the client closed, or the wrapped server exited. */
  readonly closed: Promise<void>;
  close(): Promise<void>;
}

const retrieveInput = z.object(retrieveInputShape);

/** `headroom_retrieve` as a plain MCP tool definition (the low-level server lists tools as JSON Schema). */
const retrieveTool: Tool = {
  name: RETRIEVE_TOOL_NAME,
  title: 'Retrieve an original',
  description: RETRIEVE_TOOL_DESCRIPTION,
  inputSchema: z.toJSONSchema(retrieveInput, { target: 'draft-7' }) as Tool['inputSchema'],
  annotations: { readOnlyHint: true, openWorldHint: false },
};

/**
 * Starts a stdio MCP server as a child and fronts it: its tools, resources, prompts,
 * notifications and errors pass through unchanged, except that large text tool results come back
 * compressed (markers instead of omitted parts) and `headroom_retrieve` is added to the tools. The
 * retrieve tool answers only refs this front handed out (the conversation's markers), in the
 * local tenant.
 */
export async function createCompressingFront(options: CompressingFrontOptions): Promise<CompressingFront> {
  const { pipeline } = options;
  const timeout = options.requestTimeoutMs ?? 60 * 60 * 1000;
  const handedOut = new Set<string>();

  const client = new Client({ name: 'headroom-mcp-wrap', version: SERVER_VERSION }, { capabilities: {} });
  const child = new StdioClientTransport({
    command: options.command,
    args: [...(options.args ?? [])],
    env: definedEntries(options.env ?? process.env),
    stderr: options.stderr ?? 'inherit',
    ...(options.cwd ? { cwd: options.cwd } : {}),
  });
  await client.connect(child);

  const childCaps = client.getServerCapabilities() ?? {};
  const childInfo = client.getServerVersion();
  const instructions = client.getInstructions();
  const server = new Server(
    { ...(childInfo ?? { version: '0.0.0' }), name: options.name ?? childInfo?.name ?? 'wrapped' },
    { capabilities: { ...childCaps, tools: { ...childCaps.tools } }, ...(instructions ? { instructions } : {}) },
  );

  /**
   * Relay options for one request: its cancellation. Progress is not mapped through the SDK's
   * own progress tokens: the client's token goes to the child as it is, and the child's progress
   * notifications come back as they are (below). The SDK drops progress that arrives in the same
   * read as the response, which a fast tool does every time.
   */
  const relay = (extra: { signal: AbortSignal }): RequestOptions => ({ signal: extra.signal, timeout });

  server.setRequestHandler(ListToolsRequestSchema, async (request, extra) => {
    let result: ListToolsResult = { tools: [] };
    if (childCaps.tools) {
      try {
        result = await client.request({ method: 'tools/list', params: request.params ?? {} }, z.looseObject({ tools: z.array(z.any()) }) as never, relay(extra));
      } catch (error) {
        throw relayError(error);
      }
    }
    // Appended to the last page, so paging through the child's tools is unchanged.
    if (result.nextCursor !== undefined) return result;
    return { ...result, tools: [...result.tools.filter((tool) => tool.name !== RETRIEVE_TOOL_NAME), retrieveTool] };
  });

  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    if (request.params.name === RETRIEVE_TOOL_NAME) {
      const input = retrieveInput.safeParse(request.params.arguments ?? {});
      if (!input.success) return toolError(`Invalid arguments for ${RETRIEVE_TOOL_NAME}: ${input.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ')}`);
      return runRetrieveTool(pipeline, input.data, { tenant: LOCAL_TENANT, allows: (ref) => handedOut.has(ref) });
    }
    let result: z.infer<typeof CallToolResultSchema>;
    try {
      result = await client.request({ method: 'tools/call', params: request.params }, CallToolResultSchema, relay(extra));
    } catch (error) {
      throw relayError(error);
    }
    return compressToolResult(pipeline, result, request.params.name, handedOut);
  });

  // The SDK answers logging/setLevel itself when the capability is declared: pass it on instead.
  if (childCaps.logging) {
    server.setRequestHandler(SetLevelRequestSchema, async (request, extra) => {
      try {
        return await client.request({ method: 'logging/setLevel', params: request.params }, ResultSchema, relay(extra));
      } catch (error) {
        throw relayError(error);
      }
    });
  }

  // Everything else (resources, prompts, completions, …) is relayed as it is, both ways.
  server.fallbackRequestHandler = async (request, extra) => {
    try {
      return await client.request({ method: request.method, ...(request.params ? { params: request.params } : {}) } as never, ResultSchema, relay(extra));
    } catch (error) {
      throw relayError(error);
    }
  };
  server.fallbackNotificationHandler = async (notification) => {
    await client.notification(notification as never).catch(() => {});
  };
  client.setNotificationHandler(ProgressNotificationSchema, async (notification) => {
    await server.notification(notification).catch(() => {});
  });
  client.fallbackNotificationHandler = async (notification) => {
    await server.notification(notification as never).catch(() => {});
  };

  let closing = false;
  let resolveClosed!: () => void;
  const closed = new Promise<void>((resolve) => {
    resolveClosed = resolve;
  });
  const close = async () => {
    if (closing) return;
    closing = true;
    await Promise.allSettled([server.close(), client.close()]);
    resolveClosed();
  };
  // Either side going away ends the front: a client without a server, or the reverse, is useless.
  client.onclose = () => void close();
  server.onclose = () => void close();

  return {
    connect: (transport) => server.connect(transport),
    closed,
    close,
  };
}

function definedEntries(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined) out[key] = value;
  return out;
}
