import type { Command } from 'commander';
import { type CliDeps, withStore } from '../cli-deps.js';
import { collect } from '../internal/collect.js';
import { usageError } from '../internal/usage-error.js';

export interface McpWrapFlags {
  readonly name?: string;
  readonly plugin?: readonly string[];
}

export function registerMcpWrap(mcp: Command, deps: CliDeps, setExit: (code: number) => void): void {
  mcp
    .command('wrap')
    .description('start a stdio MCP server and serve its tools with large results compressed, plus headroom_retrieve')
    .usage('[--name NAME] -- COMMAND [ARGS...]')
    .option('--name <name>', 'server name announced to the client (default: the wrapped server’s own)')
    .option('--plugin <module>', 'also load the compressor(s) exported by this ES module (repeatable)', collect)
    .argument('<command...>', 'the MCP server to start, after --')
    .passThroughOptions()
    .action(async (command: string[], flags: McpWrapFlags) => setExit(await runMcpWrap(command, flags, deps)));
}

export async function runMcpWrap(command: readonly string[], flags: McpWrapFlags, deps: CliDeps): Promise<number> {
  const [bin, ...args] = command;
  if (!bin) throw usageError('name the MCP server to wrap: headroom mcp wrap -- COMMAND [ARGS...]');
  const loaded = await deps.loadCompressors(flags.plugin ?? []);
  for (const warning of loaded.warnings) deps.io.stderr.write(`headroom: warning: ${warning}\n`);
  const mcp = await import('@headroom/mcp');
  return withStore(deps, async (store) => {
    const pipeline = mcp.createMcpPipeline({ compressors: loaded.compressors, store });
    try {
      await mcp.serveWrappedStdio({ pipeline, command: bin, args, env: deps.io.env, cwd: deps.io.cwd, ...(flags.name ? { name: flags.name } : {}) });
    } catch (error) {
      deps.io.stderr.write(`headroom: cannot run the MCP server ${bin}: ${error instanceof Error ? error.message : String(error)}\n`);
      return 1;
    }
    return 0;
  });
}
