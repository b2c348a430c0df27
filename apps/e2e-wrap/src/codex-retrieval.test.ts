import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Figures, parseMarkers, refOf } from '@headroom/core';
import { ensureCodex, functionCallOutputs, logRecordsFixture, type ProcessResult, type ResponsesBody } from '@headroom/e2e';
import {
  defaultReply,
  openaiResponsesStream,
  type RecordedRequest,
  type ScriptedReply,
  type ScriptedUpstream,
  startScriptedUpstream,
} from '@headroom/proxy/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEADROOM_BIN } from './internal/headroom-bin.js';
import { type HoldRelease, holdStream } from './internal/hold-stream.js';
import { runHeadroom } from './internal/run-headroom.js';
import { startWatchedProcess, type WatchedProcess } from './internal/watched-process.js';
import { codexEnv } from './internal/agent-env.js';

const CAT_ID = 'call_wrap_cat';
const RETRIEVE_ID = 'call_wrap_retrieve';
const LOOKING = 'Checking the rows Headroom left out of the table.';
const ANSWER = ['All 110 records are accounted for. ', 'The checkout worker died: database pool exhausted (trace tr-d3f2f).'];
const USER_CONFIG = ['model = "gpt-5"', 'tool_output_token_limit = 25000', ''].join('\n');
const HOLD_LIMIT_MS = 60_000;

const isResponses = (r: RecordedRequest) => r.method === 'POST' && r.path.split('?')[0] === '/v1/responses';
const offers = (body: ResponsesBody, tool: string) => (body.tools ?? []).some((t) => t.name === tool);

describe('headroom wrap codex: retrieval in the loop with the real Codex (Responses stream)', () => {
  const fixture = logRecordsFixture();
  let workdir: string;
  let codexHome: string;
  let headroomHome: string;
  let upstream: ScriptedUpstream;
  let session: WatchedProcess | undefined;
  let run: ProcessResult;
  /** `headroom stats --json` right after the session. */
  let stats: Figures;
  let released: HoldRelease | undefined;

  const bodies = () => upstream.requests.filter(isResponses).map((r) => r.json<ResponsesBody>());
  const catOutput = () => bodies().flatMap((b) => functionCallOutputs(b, CAT_ID))[0] ?? '';

  function script(request: RecordedRequest): ScriptedReply {
    if (!isResponses(request)) return defaultReply(request);
    const body = request.json<ResponsesBody>();
    const model = body.model ?? 'gpt-scripted';
    const output = functionCallOutputs(body, CAT_ID)[0];
    if (output === undefined) {
      return { sse: openaiResponsesStream({ model, text: '', toolCall: { id: CAT_ID, name: 'exec_command', input: { cmd: 'cat checkout-logs.json' } } }) };
    }
    if (functionCallOutputs(body, RETRIEVE_ID).length === 0) {
      const ref = parseMarkers(output)[0]?.ref;
      if (ref === undefined || !offers(body, 'headroom_retrieve')) return { sse: openaiResponsesStream({ model, text: 'NO MARKER OR NO RETRIEVE TOOL' }) };
      return { sse: openaiResponsesStream({ model, text: LOOKING, toolCall: { id: RETRIEVE_ID, name: 'headroom_retrieve', input: { hash: ref } } }) };
    }
    // The proxy's continuation: everything after the first text delta waits until Codex printed round 1.
    const held = holdStream(openaiResponsesStream({ model, text: ANSWER }), 'response.output_text.delta', session!.seen(LOOKING), HOLD_LIMIT_MS);
    void held.released.then((how) => {
      released ??= how;
    });
    return { sse: held.events };
  }

  beforeAll(async () => {
    const codex = await ensureCodex();
    workdir = await mkdtemp(join(tmpdir(), 'headroom-wrap-work-'));
    codexHome = await mkdtemp(join(tmpdir(), 'headroom-wrap-codex-home-'));
    headroomHome = await mkdtemp(join(tmpdir(), 'headroom-wrap-home-'));
    await writeFile(join(workdir, 'checkout-logs.json'), fixture.text);
    await writeFile(join(codexHome, 'config.toml'), USER_CONFIG);
    upstream = await startScriptedUpstream({ handler: script });
    // --json: Codex prints each item as it completes, so round 1's text shows before the turn ends.
    session = startWatchedProcess(process.execPath, [HEADROOM_BIN, 'wrap', 'codex', 'exec', '--json', '--skip-git-repo-check', 'Why did checkout fail?'], {
      cwd: workdir,
      timeoutMs: 240_000,
      env: codexEnv({ bin: codex, home: codexHome, headroomHome, upstreamUrl: upstream.url }),
    });
    run = await session.result;
    // Before the test's own `headroom retrieve` adds a CLI retrieval to the same ledger.
    stats = JSON.parse(await runHeadroom(['stats', '--json'], headroomHome)) as Figures;
  });
  afterAll(async () => {
    await upstream?.close();
    for (const dir of [workdir, codexHome, headroomHome]) if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('exits 0 and prints the scripted answer, with no trace of headroom_retrieve', () => {
    expect(run.timedOut).toBe(false);
    expect(run.code, run.stderr).toBe(0);
    // Codex's own record of the turn: round 1's text and the answer, nothing in between.
    const messages = run.stdout
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as { type?: string; item?: { type?: string; text?: string } })
      .filter((e) => e.type === 'item.completed' && e.item?.type === 'agent_message')
      .map((e) => e.item?.text);
    expect(messages).toEqual([LOOKING, ANSWER.join('')]);
    expect(run.stdout).not.toContain('headroom_retrieve');
    expect(run.stdout).not.toContain(RETRIEVE_ID);
    expect(run.stderr).not.toContain('headroom_retrieve');
  });

  it('answers the retrieve call in the continuation with the byte-exact original behind the ref', async () => {
    const continuations = bodies().filter((b) => functionCallOutputs(b, RETRIEVE_ID).length > 0);
    expect(continuations).toHaveLength(1);
    const original = functionCallOutputs(continuations[0]!, RETRIEVE_ID)[0]!;
    const ref = parseMarkers(catOutput())[0]!.ref;
    expect(refOf(original)).toBe(ref);
    const stdout = await runHeadroom(['retrieve', ref], headroomHome);
    expect(original).toBe(stdout);
    const records = JSON.parse(fixture.text) as { trace_id: string }[];
    expect(records.filter((r) => !catOutput().includes(r.trace_id) && !original.includes(r.trace_id))).toEqual([]);
  });

  it('records the retrieval in the ledger under HEADROOM_HOME: one, found, from the json compressor', () => {
    expect(stats.ledger.retrievals).toMatchObject({ count: 1, found: 1, missed: 0, byCompressor: { json: 1 } });
    expect(stats.compression.tokensSaved).toBeGreaterThan(0);
  });

  it('keeps streaming to Codex: round 1 reached its output before the continuation finished', () => {
    expect(released).toBe('condition');
    expect(run.stdout.indexOf(LOOKING)).toBeGreaterThan(-1);
    expect(run.stdout.indexOf(LOOKING)).toBeLessThan(run.stdout.indexOf(ANSWER[1]!));
  });
});
