import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureClaudeCode, runClaudeCode } from './claude-code.js';
import { logRecordsFixture } from './log-records-fixture.js';
import {
  anthropicToolResults,
  type MessagesRequestBody,
  startScriptedAnthropicUpstream,
  toolUseThenAnswer,
} from './scripted-anthropic-upstream.js';

describe('Claude Code against a scripted upstream', () => {
  let claude: string;
  let workdir: string;

  beforeAll(async () => {
    claude = await ensureClaudeCode();
    workdir = await mkdtemp(join(tmpdir(), 'headroom-e2e-work-'));
  });
  afterAll(async () => {
    await rm(workdir, { recursive: true, force: true });
  });

  it('runs the scripted Bash call and prints the scripted answer', async () => {
    const fixture = logRecordsFixture();
    const logFile = join(workdir, 'checkout-logs.json');
    await writeFile(logFile, fixture.text);
    const answer = 'The checkout worker died: database pool exhausted (trace tr-d3f2f).';
    const upstream = await startScriptedAnthropicUpstream({
      reply: toolUseThenAnswer({
        toolUse: { id: 'toolu_e2e_cat', name: 'Bash', input: { command: `cat ${logFile}`, description: 'Show the logs' } },
        answer,
      }),
    });
    try {
      const run = await runClaudeCode({
        bin: claude,
        baseUrl: upstream.url,
        prompt: 'Why did checkout fail? The logs are in checkout-logs.json.',
        allowedTools: ['Bash'],
        cwd: workdir,
      });
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout.trim()).toBe(answer);

      const results = upstream
        .messageRequests()
        .flatMap((r) => anthropicToolResults(r.json as MessagesRequestBody, 'toolu_e2e_cat'));
      expect(results.length).toBeGreaterThan(0);
      const result = results.at(-1) ?? '';
      for (const line of fixture.mustKeep) expect(result).toContain(line);
    } finally {
      await upstream.close();
    }
  });
});
