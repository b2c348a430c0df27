import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startScriptedUpstream } from '@headroom/proxy/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AnthropicBody, anthropicToolResults, claudeCodeScript } from './agent-scripts.js';
import { ensureClaudeCode, runClaudeCode } from './claude-code.js';
import { startCliProxy } from './cli-proxy.js';
import { logRecordsFixture } from './log-records-fixture.js';

describe('Claude Code through `headroom proxy`', () => {
  let claude: string;
  let workdir: string;

  beforeAll(async () => {
    claude = await ensureClaudeCode();
    workdir = await mkdtemp(join(tmpdir(), 'headroom-e2e-cli-'));
  });
  afterAll(async () => {
    await rm(workdir, { recursive: true, force: true });
  });

  it('runs the session through the CLI verb, compresses the tool result, and stops on SIGTERM', async () => {
    const fixture = logRecordsFixture();
    const logFile = join(workdir, 'checkout-logs.json');
    await writeFile(logFile, fixture.text);
    const answer = 'Database pool exhausted.';
    const upstream = await startScriptedUpstream({
      handler: claudeCodeScript({
        calls: [{ id: 'toolu_cli_cat', name: 'Bash', input: { command: `cat ${logFile}`, description: 'Show the logs' } }],
        answer,
      }),
    });
    const proxy = await startCliProxy(['--anthropic-upstream', upstream.url], { HEADROOM_HOME: join(workdir, 'home') });
    try {
      const run = await runClaudeCode({ bin: claude, baseUrl: proxy.url, prompt: 'Why did checkout fail?', allowedTools: ['Bash'], cwd: workdir });
      expect(run.code).toBe(0);
      expect(run.stdout.trim()).toBe(answer);
      const result =
        upstream.requests
          .filter((r) => r.method === 'POST' && r.path.split('?')[0] === '/v1/messages')
          .flatMap((r) => anthropicToolResults(r.json<AnthropicBody>(), 'toolu_cli_cat'))[0] ?? '';
      expect(result.length).toBeLessThan(fixture.text.length * 0.6);
      for (const line of fixture.mustKeep) expect(result).toContain(line);
    } finally {
      const code = await proxy.stop();
      await upstream.close();
      expect(code).toBe(0);
    }
  });
});
