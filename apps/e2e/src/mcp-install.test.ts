import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureClaudeCode } from './claude-code.js';
import { ensureCodex } from './codex.js';
import { cliBin } from './internal/cli-bin.js';
import { runProcess } from './run-process.js';

describe('headroom mcp install claude, with the real claude on PATH', () => {
  it('registers through `claude mcp add` and is gone after uninstall', async () => {
    const claude = await ensureClaudeCode();
    const home = await mkdtemp(join(tmpdir(), 'headroom-e2e-mcp-install-'));
    try {
      const env = { PATH: `${dirname(claude)}:${process.env.PATH ?? '/usr/bin:/bin'}`, HOME: home, HEADROOM_HOME: join(home, 'hr'), DISABLE_AUTOUPDATER: '1', CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1' };
      const headroom = (...args: string[]) => runProcess(process.execPath, [cliBin(), ...args], { env, timeoutMs: 120_000 });
      const installed = await headroom('mcp', 'install', 'claude');
      expect(installed.stderr).toBe('');
      expect(installed.stdout).toContain('claude mcp add-json --scope user headroom');
      const listed = await runProcess(claude, ['mcp', 'get', 'headroom'], { env, timeoutMs: 120_000, cwd: home });
      expect(listed.stdout).toContain(cliBin());
      expect(listed.stdout).toContain('mcp serve');
      expect((await headroom('mcp', 'uninstall', 'claude')).stdout).toContain('removed from Claude Code');
      const gone = await runProcess(claude, ['mcp', 'get', 'headroom'], { env, timeoutMs: 120_000, cwd: home });
      expect(gone.code).not.toBe(0);
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  });
});

describe('headroom mcp install codex, read back by the real codex', () => {
  it('is listed by `codex mcp get` and gone after uninstall, leaving config.toml as it was', async () => {
    const codex = await ensureCodex();
    const codexHome = await mkdtemp(join(tmpdir(), 'headroom-e2e-mcp-codex-'));
    try {
      const config = join(codexHome, 'config.toml');
      const before = 'model = "gpt-5"\n\n[profiles.fast]\nmodel = "gpt-5-mini"\n';
      await writeFile(config, before);
      const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: codexHome, CODEX_HOME: codexHome, HEADROOM_HOME: join(codexHome, 'hr') };
      const headroom = (...args: string[]) => runProcess(process.execPath, [cliBin(), ...args], { env, timeoutMs: 120_000 });
      expect((await headroom('mcp', 'install', 'codex')).stdout).toContain('[mcp_servers.headroom]');
      const got = await runProcess(codex, ['mcp', 'get', 'headroom', '--json'], { env, timeoutMs: 120_000, cwd: codexHome });
      expect(got.code).toBe(0);
      const entry = JSON.parse(got.stdout) as { name: string; enabled: boolean; transport: { type: string; command: string; args: string[] } };
      expect(entry).toMatchObject({ name: 'headroom', enabled: true, transport: { type: 'stdio', command: process.execPath, args: [cliBin(), 'mcp', 'serve'] } });
      expect((await headroom('mcp', 'uninstall', 'codex')).code).toBe(0);
      expect(await readFile(config, 'utf8')).toBe(before);
      expect((await runProcess(codex, ['mcp', 'get', 'headroom'], { env, timeoutMs: 120_000, cwd: codexHome })).code).not.toBe(0);
    } finally {
      await rm(codexHome, { recursive: true, force: true });
    }
  });
});
