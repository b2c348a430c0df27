import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryStore, type HeadroomStore } from '@headroom/core';
import { type RunningProxy, startProxy } from '@headroom/proxy';
import { type ScriptedUpstream, startScriptedUpstream } from '@headroom/proxy/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AnthropicBody, anthropicToolResults, claudeCodeScript } from './agent-scripts.js';
import { ensureClaudeCode, runClaudeCode } from './claude-code.js';
import { logRecordsFixture } from './log-records-fixture.js';

const ANSWER = 'The checkout worker died: database pool exhausted (trace tr-d3f2f).';
const TOOL_USE_ID = 'toolu_e2e_cat';

describe('Claude Code through the Headroom proxy', () => {
  const fixture = logRecordsFixture();
  let claude: string;
  let workdir: string;
  let upstream: ScriptedUpstream;
  let store: HeadroomStore;
  let proxy: RunningProxy;

  beforeAll(async () => {
    claude = await ensureClaudeCode();
    workdir = await mkdtemp(join(tmpdir(), 'headroom-e2e-work-'));
    const logFile = join(workdir, 'checkout-logs.json');
    await writeFile(logFile, fixture.text);
    upstream = await startScriptedUpstream({
      handler: claudeCodeScript({
        call: { id: TOOL_USE_ID, name: 'Bash', input: { command: `cat ${logFile}`, description: 'Show the logs' } },
        answer: ANSWER,
      }),
    });
    store = createMemoryStore();
    proxy = await startProxy({ port: 0, anthropicUpstream: upstream.url, store, compressors: [] });
  });
  afterAll(async () => {
    await proxy?.close();
    await upstream?.close();
    await store?.close();
    await rm(workdir, { recursive: true, force: true });
  });

  it('runs the scripted Bash call through the proxy and prints the scripted answer', async () => {
    const run = await runClaudeCode({
      bin: claude,
      baseUrl: proxy.url,
      prompt: 'Why did checkout fail? The logs are in checkout-logs.json.',
      allowedTools: ['Bash'],
      cwd: workdir,
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe(ANSWER);

    const results = upstream.requests
      .filter((r) => r.method === 'POST' && r.path.split('?')[0] === '/v1/messages')
      .flatMap((r) => anthropicToolResults(r.json<AnthropicBody>(), TOOL_USE_ID));
    expect(results.length).toBeGreaterThan(0);
    const result = results.at(-1) ?? '';
    for (const line of fixture.mustKeep) expect(result).toContain(line);
  });
});
