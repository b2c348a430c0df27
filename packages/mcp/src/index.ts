export { COMPRESS_TOOL_DESCRIPTION, COMPRESS_TOOL_NAME, type CompressToolInput, runCompressTool } from './compress-tool.js';
export { type CreateMcpPipelineOptions, createMcpPipeline } from './create-mcp-pipeline.js';
export { createHeadroomMcpServer, type HeadroomMcpServerOptions } from './create-headroom-mcp-server.js';
export { createMcpHttpHandler, type McpHttpHandler, type McpHttpHandlerOptions } from './mcp-http-handler.js';
export { mcpStats } from './mcp-stats.js';
export { RETRIEVE_TOOL_DESCRIPTION, RETRIEVE_TOOL_NAME, type RetrieveToolInput, type RetrieveToolScope, runRetrieveTool } from './retrieve-tool.js';
export { type ServeStdioOptions, serveStdio } from './serve-stdio.js';
export {
  DEFAULT_MCP_HOST,
  DEFAULT_MCP_PORT,
  type RunningMcpHttpServer,
  type StartMcpHttpServerOptions,
  startMcpHttpServer,
} from './start-mcp-http-server.js';
export { runStatsTool, STATS_TOOL_DESCRIPTION, STATS_TOOL_NAME } from './stats-tool.js';
export { type CompressingFront, type CompressingFrontOptions, createCompressingFront } from './wrap/create-compressing-front.js';
export { serveWrappedStdio } from './wrap/serve-wrapped-stdio.js';
