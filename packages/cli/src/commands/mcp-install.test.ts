import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CliIo, CliOutput } from '../cli-io.js';
import { runCli } from '../run-cli.js';

// In-process the command resolves its bin next to itself, as this does (src/ here, dist/ when installed).
const BIN = fileURLToPath(new URL('../bin.js', import.meta.url));

function sink(): CliOutput & { text(): string } {
  let out = '';
  return {
    write(chunk, callback) {
      out += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      callback?.();
      return true;
    },
    text: () => out,
  };
}

describe('headroom mcp install / uninstall', () => {
  let home: string;
  let env: Record<string, string>;
  const run = async (...args: string[]) => {
    const stdout = sink();
    const stderr = sink();
    const io: CliIo = { stdout, stderr, readStdin: async () => Buffer.alloc(0), stdinIsTty: true, env, cwd: home };
    const code = await runCli(args, io);
    return { code, stdout: stdout.text(), stderr: stderr.text() };
  };
  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'headroom-mcp-install-'));
    // No claude on this PATH: install writes Claude Code's own config file.
    env = { HOME: home, PATH: '/nonexistent', HEADROOM_HOME: join(home, 'hr') };
  });
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  it('claude: adds mcpServers.headroom to ~/.claude.json and removes exactly it again', async () => {
    const file = join(home, '.claude.json');
    const before = `${JSON.stringify({ numStartups: 3, theme: 'dark', mcpServers: { github: { type: 'stdio', command: 'gh-mcp', args: [] } }, projects: { '/src': { allowedTools: ['Bash'] } } }, null, 2)}\n`;
    writeFileSync(file, before);
    const installed = await run('mcp', 'install', 'claude');
    expect(installed).toMatchObject({ code: 0, stderr: '' });
    const config = JSON.parse(readFileSync(file, 'utf8'));
    expect(config.mcpServers.headroom).toEqual({ type: 'stdio', command: process.execPath, args: [BIN, 'mcp', 'serve'], env: { HEADROOM_HOME: join(home, 'hr') } });
    expect({ ...config, mcpServers: { github: config.mcpServers.github } }).toEqual(JSON.parse(before));
    // Installing again changes nothing.
    const once = readFileSync(file, 'utf8');
    expect((await run('mcp', 'install', 'claude')).code).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(once);
    expect((await run('mcp', 'uninstall', 'claude')).code).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect((await run('mcp', 'uninstall', 'claude')).stdout).toContain('nothing changed');
  });

  it('claude: with no config file, creates one that holds only the server; refuses a file that is not JSON', async () => {
    expect((await run('mcp', 'install', 'claude')).code).toBe(0);
    expect(Object.keys(JSON.parse(readFileSync(join(home, '.claude.json'), 'utf8')))).toEqual(['mcpServers']);
    writeFileSync(join(home, '.claude.json'), '{ broken');
    const refused = await run('mcp', 'install', 'claude');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('is not valid JSON; not touching it');
    expect(readFileSync(join(home, '.claude.json'), 'utf8')).toBe('{ broken');
  });

  it('codex: appends [mcp_servers.headroom] to $CODEX_HOME/config.toml and removes exactly it again', async () => {
    const codexHome = join(home, 'codex');
    mkdirSync(codexHome);
    env.CODEX_HOME = codexHome;
    const file = join(codexHome, 'config.toml');
    const before = [
      'model = "gpt-5"',
      'model_provider = "local"',
      '',
      '[model_providers.local]',
      'name = "local"',
      'base_url = "http://127.0.0.1:9/v1"',
      '',
      '[mcp_servers.docs]',
      'command = "docs-mcp"',
      '',
    ].join('\n');
    writeFileSync(file, before);
    expect((await run('mcp', 'install', 'codex')).code).toBe(0);
    const after = readFileSync(file, 'utf8');
    expect(after.startsWith(before)).toBe(true);
    expect(after.slice(before.length)).toBe(
      `\n[mcp_servers.headroom]\ncommand = ${JSON.stringify(process.execPath)}\nargs = [${JSON.stringify(BIN)}, "mcp", "serve"]\nenv = { HEADROOM_HOME = ${JSON.stringify(join(home, 'hr'))} }\n`,
    );
    expect((await run('mcp', 'install', 'codex')).code).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(after);
    expect((await run('mcp', 'uninstall', 'codex')).code).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it('codex: a block in the middle of the file is removed without touching the tables after it', async () => {
    env.CODEX_HOME = join(home, 'fresh');
    expect((await run('mcp', 'install', 'codex')).code).toBe(0);
    const file = join(home, 'fresh', 'config.toml');
    expect(existsSync(file)).toBe(true);
    const tail = '\n[profiles.fast]\nmodel = "gpt-5-mini"\n';
    writeFileSync(file, `${readFileSync(file, 'utf8')}${tail}`);
    expect((await run('mcp', 'uninstall', 'codex')).code).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(tail);
  });

  it('refuses an unknown client', async () => {
    const result = await run('mcp', 'install', 'cursor');
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('headroom: client must be claude or codex, got "cursor"\n');
  });
});
