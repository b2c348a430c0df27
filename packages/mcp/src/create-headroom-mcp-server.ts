import { LOCAL_TENANT, type Pipeline } from '@headroom/core';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { COMPRESS_TOOL_DESCRIPTION, COMPRESS_TOOL_NAME, compressInputShape, runCompressTool } from './compress-tool.js';
import { SERVER_VERSION } from './internal/server-version.js';
import { RETRIEVE_TOOL_DESCRIPTION, RETRIEVE_TOOL_NAME, retrieveInputShape, runRetrieveTool } from './retrieve-tool.js';
import { runStatsTool, STATS_TOOL_DESCRIPTION, STATS_TOOL_NAME } from './stats-tool.js';

export interface HeadroomMcpServerOptions {
  /** Made with `createMcpPipeline` so ledger rows say `source: "mcp"`. */
  readonly pipeline: Pipeline;
  /** Whose originals, memo and ledger rows this connection uses. Default: the local tenant. */
  readonly tenant?: string;
}

/**
 * An MCP server with `headroom_compress`, `headroom_retrieve` and `headroom_stats`, for one
 * connection (one tenant). Connect it to a transport: stdio, or one Streamable HTTP session.
 */
export function createHeadroomMcpServer(options: HeadroomMcpServerOptions): McpServer {
  const { pipeline } = options;
  const tenant = options.tenant ?? LOCAL_TENANT;
  const server = new McpServer(
    { name: 'headroom', version: SERVER_VERSION },
    {
      instructions:
        'Headroom compresses large content and keeps every original retrievable. Text may contain <<headroom: ... ref=REF>> markers: ' +
        'call headroom_retrieve with hash=REF to see what a marker stands for.',
    },
  );
  server.registerTool(
    COMPRESS_TOOL_NAME,
    { title: 'Compress content', description: COMPRESS_TOOL_DESCRIPTION, inputSchema: compressInputShape, annotations: { readOnlyHint: true, openWorldHint: false } },
    (input) => runCompressTool(pipeline, input, tenant),
  );
  server.registerTool(
    RETRIEVE_TOOL_NAME,
    { title: 'Retrieve an original', description: RETRIEVE_TOOL_DESCRIPTION, inputSchema: retrieveInputShape, annotations: { readOnlyHint: true, openWorldHint: false } },
    (input) => runRetrieveTool(pipeline, input, { tenant }),
  );
  server.registerTool(
    STATS_TOOL_NAME,
    { title: 'Headroom savings', description: STATS_TOOL_DESCRIPTION, inputSchema: {}, annotations: { readOnlyHint: true, openWorldHint: false } },
    () => runStatsTool(pipeline.store, tenant),
  );
  return server;
}
