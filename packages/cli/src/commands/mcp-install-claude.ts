import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { HeadroomError } from '@headroom/core';
import { findOnPath } from '../wrap/find-on-path.js';
import { MCP_SERVER_NAME, type ServerLaunch } from './mcp-server-launch.js';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Registers the server in Claude Code's user scope. With `claude` on PATH, through its own
 * command (`claude mcp add --scope user`); without it, in the file that command writes
 * (`~/.claude.json`, `mcpServers.headroom`), changing no other key.
 */
export function installClaude(launch: ServerLaunch, env: Env): string {
  const claude = findOnPath('claude', env as NodeJS.ProcessEnv);
  if (claude) {
    // `add` refuses a name that exists: replace our own entry (a re-install after moving the CLI).
    runClaude(claude, ['mcp', 'remove', '--scope', 'user', MCP_SERVER_NAME], env, true);
    // add-json takes the entry whole: no quoting of paths or env values through its option parser.
    runClaude(claude, ['mcp', 'add-json', '--scope', 'user', MCP_SERVER_NAME, JSON.stringify(entryOf(launch))], env, false);
    return `headroom: registered with Claude Code (claude mcp add-json --scope user ${MCP_SERVER_NAME}); its tools are mcp__headroom__headroom_compress, …_retrieve, …_stats`;
  }
  const file = claudeConfigFile(env);
  const config = readConfig(file);
  const servers = isObject(config.mcpServers) ? config.mcpServers : {};
  config.mcpServers = { ...servers, [MCP_SERVER_NAME]: entryOf(launch) };
  writeConfig(file, config);
  return `headroom: registered with Claude Code in ${file} (mcpServers.${MCP_SERVER_NAME}; claude is not on PATH)`;
}

export function uninstallClaude(env: Env): string {
  const claude = findOnPath('claude', env as NodeJS.ProcessEnv);
  if (claude) {
    const removed = runClaude(claude, ['mcp', 'remove', '--scope', 'user', MCP_SERVER_NAME], env, true);
    return removed ? 'headroom: removed from Claude Code' : 'headroom: Claude Code had no headroom server (user scope); nothing changed';
  }
  const file = claudeConfigFile(env);
  if (!existsSync(file)) return `headroom: ${file} does not exist; nothing changed`;
  const config = readConfig(file);
  if (!isObject(config.mcpServers) || !(MCP_SERVER_NAME in config.mcpServers)) return `headroom: no ${MCP_SERVER_NAME} server in ${file}; nothing changed`;
  const { [MCP_SERVER_NAME]: _removed, ...rest } = config.mcpServers;
  // An mcpServers that only held ours goes too, so install + uninstall leaves the file as it was.
  if (Object.keys(rest).length === 0) delete config.mcpServers;
  else config.mcpServers = rest;
  writeConfig(file, config);
  return `headroom: removed from ${file}`;
}

/** The server entry, in the shape Claude Code writes for a stdio server. */
function entryOf(launch: ServerLaunch): Record<string, unknown> {
  return { type: 'stdio', command: launch.command, args: [...launch.args], env: { ...launch.env } };
}

/** Where Claude Code keeps user-scope MCP servers: `$CLAUDE_CONFIG_DIR/.claude.json`, else `~/.claude.json`. */
export function claudeConfigFile(env: Env): string {
  const dir = env.CLAUDE_CONFIG_DIR?.trim() || env.HOME?.trim() || homedir();
  return join(dir, '.claude.json');
}

function runClaude(claude: string, args: readonly string[], env: Env, mayFail: boolean): boolean {
  const result = spawnSync(claude, args, { env: env as NodeJS.ProcessEnv, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
  if (result.status === 0) return true;
  if (mayFail) return false;
  const why = (result.stderr || result.stdout || result.error?.message || '').trim().split('\n')[0];
  throw new HeadroomError('invalid_request', `claude ${args.join(' ')} failed (exit ${result.status ?? result.signal}): ${why}`);
}

type Config = Record<string, unknown> & { mcpServers?: unknown };

function readConfig(file: string): Config {
  if (!existsSync(file)) return {};
  const text = readFileSync(file, 'utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new HeadroomError('invalid_request', `${file} is not valid JSON; not touching it`);
  }
  if (!isObject(parsed)) throw new HeadroomError('invalid_request', `${file} does not hold a JSON object; not touching it`);
  return parsed;
}

/** Claude Code writes this file as 2-space JSON; the same form keeps every other line as it was. Atomic. */
function writeConfig(file: string, config: Config): void {
  const temp = `${file}.headroom-${process.pid}`;
  writeFileSync(temp, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  renameSync(temp, file);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
