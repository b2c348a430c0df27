import { isHeadroomError } from '@headroom/core';
import type { Command } from 'commander';
import { type CliDeps, withStore } from '../cli-deps.js';
import { writeFully } from '../cli-io.js';
import { collect } from '../internal/collect.js';
import { usageError } from '../internal/usage-error.js';
import { parsePort } from '../internal/parse-port.js';
import { untilSignal } from '../internal/until-signal.js';
import { policySource } from '../internal/policy-source.js';

export interface McpServeFlags {
  readonly transport?: string;
  readonly host?: string;
  readonly port?: string;
  readonly token?: readonly string[];
  readonly allowedHost?: readonly string[];
  readonly allowedOrigin?: readonly string[];
  readonly plugin?: readonly string[];
}

export function registerMcpServe(mcp: Command, deps: CliDeps, setExit: (code: number) => void): void {
  mcp
    .command('serve')
    .description('serve headroom_compress, headroom_retrieve and headroom_stats over stdio (default) or Streamable HTTP at /mcp')
    .option('--transport <transport>', 'stdio or http (default stdio)')
    .option('--host <host>', 'http: address to listen on (default 127.0.0.1); any other needs --token')
    .option('--port <port>', 'http: port, 0 for any free one (default 8788)')
    .option('--token <token>', 'http: clients must send Authorization: Bearer TOKEN; each token is its own tenant (repeatable; env HEADROOM_MCP_TOKEN)', collect)
    .option('--allowed-host <host:port>', 'http: also accept this Host header (the name clients reach the server by; repeatable)', collect)
    .option('--allowed-origin <origin>', 'http: also accept this browser Origin (repeatable)', collect)
    .option('--plugin <module>', 'also load the compressor(s) exported by this ES module (repeatable)', collect)
    .action(async (flags: McpServeFlags) => setExit(await runMcpServe(flags, deps)));
}

export async function runMcpServe(flags: McpServeFlags, deps: CliDeps): Promise<number> {
  const { io } = deps;
  const transport = flags.transport ?? 'stdio';
  if (transport !== 'stdio' && transport !== 'http') throw usageError(`--transport must be stdio or http, got ${JSON.stringify(transport)}`);
  const envToken = io.env.HEADROOM_MCP_TOKEN?.trim();
  const tokens = flags.token ?? (envToken ? [envToken] : []);
  if (transport === 'stdio' && (flags.host ?? flags.port ?? flags.token ?? flags.allowedHost ?? flags.allowedOrigin) !== undefined) {
    throw usageError('--host, --port, --token, --allowed-host and --allowed-origin are for --transport http');
  }
  const port = flags.port === undefined ? undefined : parsePort(flags.port, '--port');
  const loaded = await deps.loadCompressors(flags.plugin ?? []);
  // stdout is the protocol channel on stdio: everything for people goes to stderr.
  for (const warning of loaded.warnings) io.stderr.write(`headroom: warning: ${warning}\n`);
  const mcp = await import('@headroom/mcp');
  return withStore(deps, async (store) => {
    const pipeline = mcp.createMcpPipeline({ compressors: loaded.compressors, store, toolPolicies: policySource(deps) });
    if (transport === 'stdio') {
      await mcp.serveStdio({ pipeline });
      return 0;
    }
    let running: Awaited<ReturnType<typeof mcp.startMcpHttpServer>>;
    try {
      running = await mcp.startMcpHttpServer({
        pipeline,
        ...(flags.host !== undefined ? { host: flags.host } : {}),
        ...(port !== undefined ? { port } : {}),
        tokens,
        allowedHosts: flags.allowedHost ?? [],
        allowedOrigins: flags.allowedOrigin ?? [],
      });
    } catch (error) {
      if (isHeadroomError(error)) throw usageError(error.message);
      io.stderr.write(`headroom: cannot start the MCP server: ${error instanceof Error ? error.message : String(error)}\n`);
      return 1;
    }
    const stopped = untilSignal();
    await writeFully(io.stdout, `${running.url}\n`);
    const names = loaded.compressors.map((c) => c.name).join(', ') || 'none';
    io.stderr.write(`headroom: MCP server at ${running.url} (compressors: ${names}; store: ${deps.storeLocation}); Ctrl-C to stop\n`);
    const signal = await stopped;
    await running.close();
    io.stderr.write(`headroom: MCP server stopped (${signal})\n`);
    return 0;
  });
}


