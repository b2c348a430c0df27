import type { Command } from 'commander';
import type { CliDeps } from '../cli-deps.js';
import { registerMcpInstall } from './mcp-install.js';
import { registerMcpServe } from './mcp-serve.js';
import { registerMcpWrap } from './mcp-wrap.js';

/** `headroom mcp serve | wrap | install | uninstall`. */
export function registerMcp(program: Command, deps: CliDeps, setExit: (code: number) => void): void {
  const mcp = program
    .command('mcp')
    .description('Headroom as an MCP server (stdio or Streamable HTTP), a compressing front for other MCP servers, and client setup')
    .enablePositionalOptions();
  registerMcpServe(mcp, deps, setExit);
  registerMcpWrap(mcp, deps, setExit);
  registerMcpInstall(mcp, deps, setExit);
}
