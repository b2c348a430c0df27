import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { startScriptedUpstream } from '@headroom/proxy/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AnthropicBody, anthropicToolResults, claudeCodeScript, codexScript, functionCallOutputs, type ResponsesBody } from './agent-scripts.js';
import { ensureClaudeCode } from './claude-code.js';
import { codexConfigToml, ensureCodex } from './codex.js';
import { cliBin } from './internal/cli-bin.js';
import { logRecordsFixture } from './log-records-fixture.js';
import { runProcess } from './run-process.js';

// `headroom wrap <agent> …` as a user types it: the CLI starts (or shares) a proxy, points the
// agent at it for this run only, keeps the user's own upstream, and stops the proxy afterwards.
describe('headroom wrap', () => {
  const fixture = logRecordsFixture();
  const answer = 'Database pool exhausted.';
  let workdir: string;
  let logFile: string;

  beforeAll(async () => {
    workdir = await mkdtemp(join(tmpdir(), 'headroom-e2e-wrap-'));
    logFile = join(workdir, 'checkout-logs.json');
    await writeFile(logFile, fixture.text);
  });
  afterAll(async () => {
    await rm(workdir, { recursive: true, force: true });
  });

  const wrap = (agent: string, args: readonly string[], binDir: string, env: NodeJS.ProcessEnv) =>
    runProcess(process.execPath, [cliBin(), 'wrap', agent, ...args], {
      cwd: workdir,
      timeoutMs: 120_000,
      env: { PATH: `${binDir}:${process.env.PATH ?? '/usr/bin:/bin'}`, HEADROOM_HOME: join(workdir, `home-${agent}`), ...env },
    });

  it('wrap claude: Claude Code goes through a proxy to the upstream it was configured with', async () => {
    const claude = await ensureClaudeCode();
    const upstream = await startScriptedUpstream({
      handler: claudeCodeScript({ calls: [{ id: 'toolu_wrap', name: 'Bash', input: { command: `cat ${logFile}` } }], answer }),
    });
    const home = await mkdtemp(join(tmpdir(), 'headroom-e2e-claude-'));
    try {
      const run = await wrap('claude', ['-p', 'Why did checkout fail?', '--allowedTools', 'Bash'], dirname(claude), {
        HOME: home,
        ANTHROPIC_BASE_URL: upstream.url,
        ANTHROPIC_API_KEY: 'sk-ant-headroom-e2e',
        DISABLE_AUTOUPDATER: '1',
        CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
      });
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout.trim()).toBe(answer);
      const result =
        upstream.requests
          .filter((r) => r.method === 'POST' && r.path.split('?')[0] === '/v1/messages')
          .flatMap((r) => anthropicToolResults(r.json<AnthropicBody>(), 'toolu_wrap'))[0] ?? '';
      expect(result.length).toBeLessThan(fixture.text.length * 0.6);
      for (const line of fixture.mustKeep) expect(result).toContain(line);
    } finally {
      await upstream.close();
      await rm(home, { recursive: true, force: true });
    }
  });

  it('wrap codex: Codex goes through a proxy to the provider its config.toml names', async () => {
    const codex = await ensureCodex();
    const upstream = await startScriptedUpstream({
      handler: codexScript({ calls: [{ id: 'call_wrap', name: 'exec_command', input: { cmd: `cat ${logFile}` } }], answer }),
    });
    const home = await mkdtemp(join(tmpdir(), 'headroom-e2e-codex-'));
    try {
      await writeFile(join(home, 'config.toml'), codexConfigToml(`${upstream.url}/v1`));
      const run = await wrap('codex', ['exec', '--skip-git-repo-check', 'Why did checkout fail?'], dirname(codex), {
        HOME: home,
        CODEX_HOME: home,
        OPENAI_API_KEY: 'sk-headroom-e2e',
      });
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout.trim()).toBe(answer);
      const output =
        upstream.requests
          .filter((r) => r.method === 'POST' && r.path === '/v1/responses')
          .flatMap((r) => functionCallOutputs(r.json<ResponsesBody>(), 'call_wrap'))[0] ?? '';
      expect(output.length).toBeLessThan(fixture.text.length * 0.6);
      for (const line of fixture.mustKeep) expect(output).toContain(line);
    } finally {
      await upstream.close();
      await rm(home, { recursive: true, force: true });
    }
  });
});
