import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseMarkers } from '@headroom/core';
import { codexScript, ensureCodex, functionCallOutputs, logRecordsFixture, type ProcessResult, type ResponsesBody, runProcess } from '@headroom/e2e';
import { type RecordedRequest, type ScriptedUpstream, startScriptedUpstream } from '@headroom/proxy/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { filesContaining } from './internal/files-containing.js';
import { HEADROOM_BIN } from './internal/headroom-bin.js';
import { isRunning, type LeaseFiles, readLeaseFiles } from './internal/lease-files.js';
import { codexEnv } from './internal/agent-env.js';

const CAT_ID = 'call_wrap_cat';
const ANSWER = 'The checkout worker died: database pool exhausted (trace tr-d3f2f).';
/**
 * The user's own Codex config, which must be byte-identical after the run. It selects no provider
 * (so the wrapped proxy forwards to OPENAI_BASE_URL) and raises Codex's own output cut (~10k tokens
 * by default) so that what reaches the model is Headroom's doing.
 */
const USER_CONFIG = ['model = "gpt-5"', 'tool_output_token_limit = 25000', ''].join('\n');

const isResponses = (r: RecordedRequest) => r.method === 'POST' && r.path.split('?')[0] === '/v1/responses';

describe('headroom wrap codex: the real Codex through the wrapped proxy', () => {
  const fixture = logRecordsFixture();
  let workdir: string;
  let codexHome: string;
  let headroomHome: string;
  let upstream: ScriptedUpstream;
  let run: ProcessResult;
  let leaseDuringRun: LeaseFiles[] = [];

  const catOutputs = () => upstream.requests.filter(isResponses).flatMap((r) => functionCallOutputs(r.json<ResponsesBody>(), CAT_ID));

  beforeAll(async () => {
    const codex = await ensureCodex();
    workdir = await mkdtemp(join(tmpdir(), 'headroom-wrap-work-'));
    codexHome = await mkdtemp(join(tmpdir(), 'headroom-wrap-codex-home-'));
    headroomHome = await mkdtemp(join(tmpdir(), 'headroom-wrap-home-'));
    await writeFile(join(workdir, 'checkout-logs.json'), fixture.text);
    await writeFile(join(codexHome, 'config.toml'), USER_CONFIG);
    const script = codexScript({ calls: [{ id: CAT_ID, name: 'exec_command', input: { cmd: 'cat checkout-logs.json' } }], answer: ANSWER });
    upstream = await startScriptedUpstream({
      handler: (request) => {
        if (isResponses(request) && leaseDuringRun.length === 0) leaseDuringRun = readLeaseFiles(headroomHome);
        return script(request);
      },
    });
    run = await runProcess(process.execPath, [HEADROOM_BIN, 'wrap', 'codex', 'exec', '--skip-git-repo-check', 'Why did checkout fail?'], {
      cwd: workdir,
      timeoutMs: 240_000,
      env: codexEnv({ bin: codex, home: codexHome, headroomHome, upstreamUrl: upstream.url }),
    });
  });
  afterAll(async () => {
    await upstream?.close();
    for (const dir of [workdir, codexHome, headroomHome]) if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('accepts the -c overrides in front of exec, exits 0 and prints the scripted answer', () => {
    expect(run.timedOut).toBe(false);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.trim()).toBe(ANSWER);
    // Codex prints its session settings: the provider is the one the wrapper gave with -c.
    expect(run.stderr).toContain('provider: headroom');
  });

  it('sends every model call through the proxy to the upstream', () => {
    const calls = upstream.requests.filter(isResponses);
    // The command call, then the answer once its output is back.
    expect(calls.length).toBeGreaterThanOrEqual(2);
    expect(leaseDuringRun.some((l) => l.state !== undefined)).toBe(true);
  });

  it('delivers the command output compressed: much smaller, behind a marker, the planted records verbatim', () => {
    const outputs = catOutputs();
    expect(outputs).toHaveLength(1);
    const output = outputs[0]!;
    expect(output.length).toBeLessThan(fixture.text.length / 4);
    expect(parseMarkers(output).length).toBeGreaterThanOrEqual(1);
    for (const text of fixture.mustKeep) expect(output).toContain(text);
    // Markers in the request: the proxy offered the retrieve tool next to Codex's own.
    const withOutput = upstream.requests.filter(isResponses).find((r) => functionCallOutputs(r.json<ResponsesBody>(), CAT_ID).length > 0);
    expect((withOutput?.json<ResponsesBody>().tools ?? []).map((t) => t.name)).toContain('headroom_retrieve');
  });

  it("leaves no proxy running and changes no file of the agent's", async () => {
    const { pid, port } = leaseDuringRun.find((l) => l.state !== undefined)!.state!;
    const deadline = Date.now() + 10_000;
    while (isRunning(pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(isRunning(pid)).toBe(false);
    expect(readLeaseFiles(headroomHome).map((l) => ({ state: l.state, clients: l.clients }))).toEqual([{ state: undefined, clients: [] }]);
    expect(await readFile(join(codexHome, 'config.toml'), 'utf8')).toBe(USER_CONFIG);
    expect(await filesContaining(codexHome, `127.0.0.1:${port}`)).toEqual([]);
  });
});
