import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import type { CliDeps } from '../cli-deps.js';
import { writeFully } from '../cli-io.js';
import { usageError } from '../internal/usage-error.js';
import { installClaude, uninstallClaude } from './mcp-install-claude.js';
import { installCodex, uninstallCodex } from './mcp-install-codex.js';
import type { ServerLaunch } from './mcp-server-launch.js';

const BIN = fileURLToPath(new URL('../bin.js', import.meta.url));

const CLIENTS = ['claude', 'codex'] as const;
type McpClient = (typeof CLIENTS)[number];

export function registerMcpInstall(mcp: Command, deps: CliDeps, setExit: (code: number) => void): void {
  mcp
    .command('install')
    .description('register `headroom mcp serve` with Claude Code (claude mcp add-json, user scope) or Codex ($CODEX_HOME/config.toml)')
    .argument('<client>', CLIENTS.join(' or '))
    .action(async (client: string) => setExit(await runMcpInstall('install', client, deps)));
  mcp
    .command('uninstall')
    .description('remove what `headroom mcp install` added, and nothing else')
    .argument('<client>', CLIENTS.join(' or '))
    .action(async (client: string) => setExit(await runMcpInstall('uninstall', client, deps)));
}

export async function runMcpInstall(action: 'install' | 'uninstall', client: string, deps: CliDeps): Promise<number> {
  if (!(CLIENTS as readonly string[]).includes(client)) throw usageError(`client must be ${CLIENTS.join(' or ')}, got ${JSON.stringify(client)}`);
  const home = deps.io.env.HEADROOM_HOME?.trim();
  const launch: ServerLaunch = { command: process.execPath, args: [BIN, 'mcp', 'serve'], env: home ? { HEADROOM_HOME: home } : {} };
  const env = deps.io.env;
  const done =
    (client as McpClient) === 'claude'
      ? action === 'install'
        ? installClaude(launch, env)
        : uninstallClaude(env)
      : action === 'install'
        ? installCodex(launch, env)
        : uninstallCodex(env);
  await writeFully(deps.io.stdout, `${done}\n`);
  return 0;
}
