import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { HeadroomError } from '@headroom/core';
import { MCP_SERVER_NAME, type ServerLaunch } from './mcp-server-launch.js';

type Env = Readonly<Record<string, string | undefined>>;

const HEADER = `[mcp_servers.${MCP_SERVER_NAME}]`;

/**
 * Adds `[mcp_servers.headroom]` to Codex's `config.toml` (`$CODEX_HOME`, else `~/.codex`), as a
 * block appended at the end: every other byte of the file stays where it was. A block already
 * there is replaced.
 */
export function installCodex(launch: ServerLaunch, env: Env): string {
  const file = codexConfigFile(env);
  const before = existsSync(file) ? readFileSync(file, 'utf8') : '';
  checkNoOtherForm(before, file);
  const base = removeBlock(before);
  const lines = [HEADER, `command = ${tomlString(launch.command)}`, `args = [${launch.args.map(tomlString).join(', ')}]`];
  const envPairs = Object.entries(launch.env);
  if (envPairs.length > 0) lines.push(`env = { ${envPairs.map(([k, v]) => `${tomlKey(k)} = ${tomlString(v)}`).join(', ')} }`);
  const separator = base === '' ? '' : base.endsWith('\n') ? '\n' : '\n\n';
  mkdirSync(dirname(file), { recursive: true });
  writeAtomic(file, `${base}${separator}${lines.join('\n')}\n`);
  return `headroom: registered with Codex in ${file} (${HEADER})`;
}

export function uninstallCodex(env: Env): string {
  const file = codexConfigFile(env);
  if (!existsSync(file)) return `headroom: ${file} does not exist; nothing changed`;
  const before = readFileSync(file, 'utf8');
  const after = removeBlock(before);
  if (after === before) return `headroom: no ${HEADER} in ${file}; nothing changed`;
  writeAtomic(file, after);
  return `headroom: removed ${HEADER} from ${file}`;
}

export function codexConfigFile(env: Env): string {
  return join(env.CODEX_HOME?.trim() || join(env.HOME?.trim() || homedir(), '.codex'), 'config.toml');
}

/**
 * The text without our table (its header line up to the next table header or the end), and
 * without the blank line install put before it, so install + uninstall gives back the same bytes.
 */
export function removeBlock(text: string): string {
  const lines = text.split('\n');
  const start = lines.findIndex((line) => line.trim() === HEADER);
  if (start === -1) return text;
  let end = start + 1;
  while (end < lines.length && !isOtherTableHeader(lines[end]!)) end++;
  // Blank lines at the end of our block belong to whatever follows it.
  while (end > start + 1 && lines[end - 1]!.trim() === '' && end < lines.length) end--;
  let from = start;
  if (from > 0 && lines[from - 1]!.trim() === '') from--;
  const kept = [...lines.slice(0, from), ...lines.slice(end)];
  const joined = kept.join('\n');
  return end >= lines.length && from > 0 ? `${joined}\n` : joined;
}

function isOtherTableHeader(line: string): boolean {
  const trimmed = line.trim();
  if (!trimmed.startsWith('[')) return false;
  // A sub-table of ours ([mcp_servers.headroom.env]) is part of our block.
  return !trimmed.startsWith(`[mcp_servers.${MCP_SERVER_NAME}.`);
}

/** A headroom entry written in another form (inline table, dotted keys) is the user's: refuse rather than duplicate it. */
function checkNoOtherForm(text: string, file: string): void {
  const lines = text.split('\n').map((l) => l.trim());
  const other = lines.some((l) => l.startsWith(`mcp_servers.${MCP_SERVER_NAME}`) || (l.startsWith(`${MCP_SERVER_NAME} `) && lines.includes('[mcp_servers]')) || l.startsWith(`[mcp_servers.${MCP_SERVER_NAME}.`));
  if (other && !lines.includes(HEADER)) throw new HeadroomError('invalid_request', `${file} already configures mcp_servers.${MCP_SERVER_NAME} in a form this command does not edit; change it by hand`);
}

/** A TOML basic string: JSON's escapes (\" \\ \n \uXXXX) are valid TOML escapes. */
function tomlString(value: string): string {
  return JSON.stringify(value);
}

function tomlKey(key: string): string {
  return /^[A-Za-z0-9_-]+$/.test(key) ? key : tomlString(key);
}

function writeAtomic(file: string, text: string): void {
  const temp = `${file}.headroom-${process.pid}`;
  writeFileSync(temp, text);
  renameSync(temp, file);
}
