import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { type AnthropicBody, anthropicToolResults, claudeCodeScript, ensureCopilot, logRecordsFixture, type ProcessResult, runProcess } from '@headroom/e2e';
import { type RecordedRequest, type ScriptedUpstream, startScriptedUpstream } from '@headroom/proxy/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEADROOM_BIN } from './internal/headroom-bin.js';
import { type LeaseFiles, readLeaseFiles } from './internal/lease-files.js';
import { expectCompressedOnce, expectProxyReleased } from './internal/wrapped-run-checks.js';

const CAT_ID = 'toolu_copilot_cat';
const ANSWER = 'Checkout failed: the database pool was exhausted (64/64 connections busy).';
const isMessages = (r: RecordedRequest) => r.method === 'POST' && r.path.split('?')[0] === '/v1/messages';

// The real GitHub Copilot CLI in its "bring your own key" mode (an Anthropic provider), the only
// mode Headroom can sit in front of: the scripted model runs `cat` through Copilot's bash tool.
describe('headroom wrap copilot: the real Copilot CLI through the wrapped proxy', () => {
  // Copilot itself replaces a bash output over ~20 KB with a file path and a 500-character preview
  // (seen with 1.0.102), so the log here stays under that: what reaches the model is Headroom's doing.
  const fixture = logRecordsFixture(70);
  let workdir: string;
  let home: string;
  let headroomHome: string;
  let upstream: ScriptedUpstream;
  let run: ProcessResult;
  let leaseDuringRun: LeaseFiles[] = [];

  const catOutputs = () => upstream.requests.filter(isMessages).flatMap((r) => anthropicToolResults(r.json<AnthropicBody>(), CAT_ID));

  beforeAll(async () => {
    const copilot = await ensureCopilot();
    workdir = await mkdtemp(join(tmpdir(), 'headroom-wrap-copilot-work-'));
    home = await mkdtemp(join(tmpdir(), 'headroom-wrap-copilot-home-'));
    headroomHome = await mkdtemp(join(tmpdir(), 'headroom-wrap-copilot-hh-'));
    await writeFile(join(workdir, 'checkout-logs.json'), fixture.text);
    const script = claudeCodeScript({ calls: [{ id: CAT_ID, name: 'bash', input: { command: 'cat checkout-logs.json', description: 'Show the checkout logs' } }], answer: ANSWER });
    upstream = await startScriptedUpstream({
      handler: (request) => {
        if (isMessages(request) && leaseDuringRun.length === 0) leaseDuringRun = readLeaseFiles(headroomHome);
        return script(request);
      },
    });
    run = await runProcess(process.execPath, [HEADROOM_BIN, 'wrap', 'copilot', '-p', 'Why did checkout fail?', '--allow-all-tools'], {
      cwd: workdir,
      timeoutMs: 240_000,
      env: {
        PATH: `${dirname(copilot)}:${process.env.PATH ?? '/usr/bin:/bin'}`,
        HOME: home,
        HEADROOM_HOME: headroomHome,
        COPILOT_PROVIDER_TYPE: 'anthropic',
        COPILOT_PROVIDER_BASE_URL: upstream.url,
        COPILOT_PROVIDER_API_KEY: 'sk-test',
        COPILOT_MODEL: 'claude-sonnet-4',
      },
    });
  });
  afterAll(async () => {
    await upstream?.close();
    for (const dir of [workdir, home, headroomHome]) if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('exits 0 and prints the scripted answer', () => {
    expect(run.timedOut).toBe(false);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(ANSWER);
  });

  it('sends the model calls through the proxy to the user own provider', () => {
    expect(upstream.requests.filter(isMessages).length).toBeGreaterThanOrEqual(2);
    expect(leaseDuringRun.some((l) => l.state !== undefined)).toBe(true);
  });

  it('delivers the command output compressed: much smaller, behind a marker, the planted records verbatim', () => {
    // Of the planted records, 70 rows hold the first ERROR (the others come later in the log).
    const planted = fixture.mustKeep.filter((text) => fixture.text.includes(text));
    expect(planted.length).toBeGreaterThanOrEqual(2);
    expectCompressedOnce(catOutputs(), fixture.text, planted);
  });

  it('leaves no proxy running and no file pointing at it', () => expectProxyReleased(leaseDuringRun, home));
});
