import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { type AnthropicBody, anthropicToolResults, claudeCodeScript, ensureOpencode, logRecordsFixture, type ProcessResult, runProcess } from '@headroom/e2e';
import { type RecordedRequest, type ScriptedUpstream, startScriptedUpstream } from '@headroom/proxy/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEADROOM_BIN } from './internal/headroom-bin.js';
import { type LeaseFiles, readLeaseFiles } from './internal/lease-files.js';
import { expectCompressedOnce, expectProxyReleased } from './internal/wrapped-run-checks.js';

const CAT_ID = 'toolu_opencode_cat';
const ANSWER = 'Checkout failed: the database pool was exhausted (64/64 connections busy).';
const isMessages = (r: RecordedRequest) => r.method === 'POST' && r.path.split('?')[0] === '/v1/messages';

// The real opencode with an Anthropic provider whose base URL the user set inline (their own
// gateway, here the scripted upstream): the wrapper points it at the proxy through
// OPENCODE_CONFIG_CONTENT, keeping the rest of the user's inline config.
const USER_INLINE_CONFIG = (upstreamUrl: string) => JSON.stringify({ model: 'anthropic/claude-sonnet-4-5', autoupdate: false, provider: { anthropic: { options: { baseURL: `${upstreamUrl}/v1` } } } });

describe('headroom wrap opencode: the real opencode through the wrapped proxy', () => {
  const fixture = logRecordsFixture();
  let workdir: string;
  let home: string;
  let headroomHome: string;
  let upstream: ScriptedUpstream;
  let run: ProcessResult;
  let leaseDuringRun: LeaseFiles[] = [];

  const catOutputs = () => upstream.requests.filter(isMessages).flatMap((r) => anthropicToolResults(r.json<AnthropicBody>(), CAT_ID));

  beforeAll(async () => {
    const opencode = await ensureOpencode();
    workdir = await mkdtemp(join(tmpdir(), 'headroom-wrap-opencode-work-'));
    home = await mkdtemp(join(tmpdir(), 'headroom-wrap-opencode-home-'));
    headroomHome = await mkdtemp(join(tmpdir(), 'headroom-wrap-opencode-hh-'));
    await writeFile(join(workdir, 'checkout-logs.json'), fixture.text);
    const script = claudeCodeScript({ calls: [{ id: CAT_ID, name: 'bash', input: { command: 'cat checkout-logs.json', description: 'Show the checkout logs' } }], answer: ANSWER });
    upstream = await startScriptedUpstream({
      handler: (request) => {
        if (isMessages(request) && leaseDuringRun.length === 0) leaseDuringRun = readLeaseFiles(headroomHome);
        return script(request);
      },
    });
    run = await runProcess(process.execPath, [HEADROOM_BIN, 'wrap', 'opencode', 'run', 'Why did checkout fail?'], {
      cwd: workdir,
      timeoutMs: 240_000,
      env: {
        PATH: `${dirname(opencode)}:${process.env.PATH ?? '/usr/bin:/bin'}`,
        HOME: home,
        HEADROOM_HOME: headroomHome,
        ANTHROPIC_API_KEY: 'sk-test',
        OPENCODE_CONFIG_CONTENT: USER_INLINE_CONFIG(upstream.url),
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
    expectCompressedOnce(catOutputs(), fixture.text, fixture.mustKeep);
  });

  it('leaves no proxy running and no file pointing at it', () => expectProxyReleased(leaseDuringRun, home));
});
