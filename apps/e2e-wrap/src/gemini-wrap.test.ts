import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { RETRIEVE_TOOL_NAME } from '@headroom/core';
import { ensureGeminiCli, GEMINI_CLI_SETTINGS, logRecordsFixture, type ProcessResult, runProcess } from '@headroom/e2e';
import { defaultReply, geminiStream, type RecordedRequest, type ScriptedUpstream, startScriptedUpstream } from '@headroom/proxy/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEADROOM_BIN } from './internal/headroom-bin.js';
import { type LeaseFiles, readLeaseFiles } from './internal/lease-files.js';
import { expectCompressedOnce, expectProxyReleased } from './internal/wrapped-run-checks.js';

const ANSWER = 'Checkout failed: the database pool was exhausted (64/64 connections busy).';
const isAgentTurn = (r: RecordedRequest) => r.method === 'POST' && /:streamGenerateContent$/.test(r.path.split('?')[0] ?? '');

interface GeminiBody {
  contents?: { role?: string; parts?: { functionResponse?: { name?: string; response?: Record<string, unknown> } }[] }[];
  tools?: { functionDeclarations?: { name?: string }[] }[];
}

/** The text of every `read_file` function response in a request. */
function readFileResults(body: GeminiBody): string[] {
  return (body.contents ?? []).flatMap((c) => (c.parts ?? []).flatMap((p) => (p.functionResponse?.name === 'read_file' ? Object.values(p.functionResponse.response ?? {}).filter((v): v is string => typeof v === 'string') : [])));
}

// The real Gemini CLI (API-key sign-in) under `headroom wrap gemini`: the scripted model reads a
// log file with the CLI's read_file tool, and the answer goes back through the proxy's Gemini route.
describe('headroom wrap gemini: the real Gemini CLI through the wrapped proxy', () => {
  const fixture = logRecordsFixture();
  let workdir: string;
  let home: string;
  let headroomHome: string;
  let upstream: ScriptedUpstream;
  let run: ProcessResult;
  let leaseDuringRun: LeaseFiles[] = [];
  let logFile: string;

  const results = () => upstream.requests.filter(isAgentTurn).flatMap((r) => readFileResults(r.json<GeminiBody>()));

  beforeAll(async () => {
    const gemini = await ensureGeminiCli();
    workdir = await mkdtemp(join(tmpdir(), 'headroom-wrap-gemini-work-'));
    home = await mkdtemp(join(tmpdir(), 'headroom-wrap-gemini-home-'));
    headroomHome = await mkdtemp(join(tmpdir(), 'headroom-wrap-gemini-hh-'));
    logFile = join(workdir, 'checkout-logs.json');
    await writeFile(logFile, fixture.text);
    await mkdir(join(home, '.gemini'));
    await writeFile(join(home, '.gemini', 'settings.json'), GEMINI_CLI_SETTINGS);
    upstream = await startScriptedUpstream({
      handler: (request) => {
        if (!isAgentTurn(request)) return defaultReply(request);
        if (leaseDuringRun.length === 0) leaseDuringRun = readLeaseFiles(headroomHome);
        const body = request.json<GeminiBody>();
        const offered = (body.tools ?? []).flatMap((t) => (t.functionDeclarations ?? []).map((d) => d.name));
        const read = readFileResults(body).length > 0;
        const options = !read && offered.includes('read_file') ? { toolCall: { id: 'read-1', name: 'read_file', input: { file_path: logFile } }, text: '' } : { text: ANSWER };
        return { sse: geminiStream(options) };
      },
    });
    // A named model skips the CLI's model router, whose classifier calls expect a real model's JSON.
    run = await runProcess(process.execPath, [HEADROOM_BIN, 'wrap', 'gemini', '-m', 'gemini-2.5-flash', '-p', 'Why did checkout fail?'], {
      cwd: workdir,
      timeoutMs: 240_000,
      env: {
        PATH: `${dirname(gemini)}:${process.env.PATH ?? '/usr/bin:/bin'}`,
        HOME: home,
        HEADROOM_HOME: headroomHome,
        GEMINI_API_KEY: 'gemini-test-key',
        GOOGLE_GEMINI_BASE_URL: upstream.url,
        GEMINI_CLI_TRUST_WORKSPACE: 'true',
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

  it("sends the agent's turns through the proxy to the user's own Gemini base URL", () => {
    expect(upstream.requests.filter(isAgentTurn).length).toBeGreaterThanOrEqual(2);
    expect(leaseDuringRun.some((l) => l.state !== undefined)).toBe(true);
  });

  it('delivers the file compressed: much smaller, behind a marker, the planted records verbatim, with the retrieve tool offered', () => {
    expectCompressedOnce(results(), fixture.text, fixture.mustKeep);
    const withResult = upstream.requests.filter(isAgentTurn).find((r) => readFileResults(r.json<GeminiBody>()).length > 0)!;
    expect((withResult.json<GeminiBody>().tools ?? []).flatMap((t) => (t.functionDeclarations ?? []).map((d) => d.name))).toContain(RETRIEVE_TOOL_NAME);
  });

  it('leaves no proxy running and no file pointing at it', () => expectProxyReleased(leaseDuringRun, home));
});
