import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Figures, parseMarkers, refOf } from '@headroom/core';
import { type AnthropicBody, anthropicToolResults, ensureClaudeCode, logRecordsFixture, type ProcessResult } from '@headroom/e2e';
import {
  anthropicMessage,
  anthropicStream,
  defaultReply,
  type RecordedRequest,
  type ScriptedReply,
  type ScriptedUpstream,
  startScriptedUpstream,
} from '@headroom/proxy/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { filesContaining } from './internal/files-containing.js';
import { HEADROOM_BIN } from './internal/headroom-bin.js';
import { type HoldRelease, holdStream } from './internal/hold-stream.js';
import { isRunning, type LeaseFiles, readLeaseFiles } from './internal/lease-files.js';
import { runHeadroom } from './internal/run-headroom.js';
import { startWatchedProcess, type WatchedProcess } from './internal/watched-process.js';
import { claudeEnv } from './internal/agent-env.js';

const CAT_ID = 'toolu_wrap_cat';
const RETRIEVE_ID = 'toolu_wrap_retrieve';
const ECHO_ID = 'toolu_wrap_echo';
/** Round 1 of the second turn: streamed before the (hidden) retrieve call. */
const LOOKING = 'Checking the rows Headroom left out of the table.';
/** Round 2 (the proxy's continuation): text, then a call to Claude Code's own Bash tool. */
const FOUND = ['Found them in the omitted rows. ', 'Confirming before I answer.'];
const ANSWER = ['All 110 records are accounted for. ', 'The checkout worker died: database pool exhausted (trace tr-d3f2f).'];
/** Already in the user's settings before the run: must be byte-identical afterwards. */
const USER_SETTINGS = `${JSON.stringify({ cleanupPeriodDays: 30 }, null, 2)}\n`;
/** How long the continuation waits for Claude Code to print round 1 before giving up (the test then fails). */
const HOLD_LIMIT_MS = 60_000;

const pathOf = (request: RecordedRequest) => request.path.split('?')[0] ?? '';
const offers = (body: AnthropicBody, tool: string) => (body.tools ?? []).some((t) => t.name === tool);

describe('headroom wrap claude: retrieval in the loop with the real Claude Code', () => {
  const fixture = logRecordsFixture();
  let workdir: string;
  let agentHome: string;
  let headroomHome: string;
  let upstream: ScriptedUpstream;
  let session: WatchedProcess | undefined;
  let run: ProcessResult;
  /** `headroom stats --json` right after the session. */
  let stats: Figures;
  /** How the continuation's held events were released: by the condition (Claude Code printed round 1), or by the time limit. */
  let released: HoldRelease | undefined;
  /** The lease as it was while Claude Code ran (read when its first model call arrived). */
  let leaseDuringRun: LeaseFiles[] = [];

  const messageRequests = () => upstream.requests.filter((r) => r.method === 'POST' && pathOf(r) === '/v1/messages');
  const bodies = () => messageRequests().map((r) => r.json<AnthropicBody>());
  const catResult = () => bodies().flatMap((b) => anthropicToolResults(b, CAT_ID))[0] ?? '';
  const continuations = () => bodies().filter((b) => anthropicToolResults(b, RETRIEVE_ID).length > 0);
  const stdoutEvents = () =>
    run.stdout
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as { type?: string; result?: string });

  /** The turn loop the scripted model plays; Claude Code's side calls (no tools offered) get the answer. */
  function script(request: RecordedRequest): ScriptedReply {
    if (request.method !== 'POST') return defaultReply(request);
    if (pathOf(request) === '/v1/messages/count_tokens') return { json: { input_tokens: Math.ceil(request.body.length / 4) } };
    if (pathOf(request) !== '/v1/messages') return defaultReply(request);
    if (leaseDuringRun.length === 0) leaseDuringRun = readLeaseFiles(headroomHome);
    const body = request.json<AnthropicBody>();
    const model = body.model ?? 'claude-scripted';
    const reply = (options: Parameters<typeof anthropicStream>[0]): ScriptedReply =>
      body.stream === true ? { sse: anthropicStream(options) } : { json: anthropicMessage(options) };
    if (!offers(body, 'Bash')) return reply({ model, text: ANSWER.join('') });
    if (anthropicToolResults(body, ECHO_ID).length > 0) return reply({ model, text: ANSWER });
    const result = anthropicToolResults(body, CAT_ID)[0];
    if (result === undefined) {
      return reply({ model, text: '', toolCall: { id: CAT_ID, name: 'Bash', input: { command: 'cat checkout-logs.json', description: 'Show the logs' } } });
    }
    if (anthropicToolResults(body, RETRIEVE_ID).length === 0) {
      // The model asks for what the marker in the tool result stands for.
      const ref = parseMarkers(result)[0]?.ref;
      if (ref === undefined || !offers(body, 'headroom_retrieve')) return reply({ model, text: 'NO MARKER OR NO RETRIEVE TOOL' });
      return reply({ model, text: LOOKING, toolCall: { id: RETRIEVE_ID, name: 'headroom_retrieve', input: { hash: ref } } });
    }
    // The continuation the proxy sends by itself: its first text goes out at once, the rest waits
    // until Claude Code has printed round 1 — a proxy that buffered the turn would never get there.
    // It ends with a Bash call, so Claude Code's session goes on after the retrieval.
    const echo = { id: ECHO_ID, name: 'Bash', input: { command: 'echo checked', description: 'Confirm' } };
    const held = holdStream(anthropicStream({ model, text: FOUND, toolCall: echo }), 'content_block_delta', session!.seen(LOOKING), HOLD_LIMIT_MS);
    void held.released.then((how) => {
      released ??= how;
    });
    return { sse: held.events };
  }

  beforeAll(async () => {
    const claude = await ensureClaudeCode();
    workdir = await mkdtemp(join(tmpdir(), 'headroom-wrap-work-'));
    agentHome = await mkdtemp(join(tmpdir(), 'headroom-wrap-agent-home-'));
    headroomHome = await mkdtemp(join(tmpdir(), 'headroom-wrap-home-'));
    await writeFile(join(workdir, 'checkout-logs.json'), fixture.text);
    await mkdir(join(agentHome, '.claude'));
    await writeFile(join(agentHome, '.claude', 'settings.json'), USER_SETTINGS);
    upstream = await startScriptedUpstream({ handler: script });
    const prompt = 'Why did checkout fail? The logs are in checkout-logs.json.';
    const claudeArgs = ['-p', prompt, '--allowedTools', 'Bash', '--output-format', 'stream-json', '--verbose', '--include-partial-messages'];
    session = startWatchedProcess(process.execPath, [HEADROOM_BIN, 'wrap', 'claude', ...claudeArgs], {
      cwd: workdir,
      timeoutMs: 240_000,
      env: claudeEnv({ bin: claude, home: agentHome, headroomHome, upstreamUrl: upstream.url }),
    });
    run = await session.result;
    // Before the test's own `headroom retrieve` adds a CLI retrieval to the same ledger.
    stats = JSON.parse(await runHeadroom(['stats', '--json'], headroomHome)) as Figures;
  });
  afterAll(async () => {
    await upstream?.close();
    for (const dir of [workdir, agentHome, headroomHome]) if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('exits 0 and prints the scripted answer, with no trace of headroom_retrieve', () => {
    expect(run.timedOut).toBe(false);
    expect(run.code, run.stderr).toBe(0);
    const result = stdoutEvents().find((e) => e.type === 'result');
    expect(result?.result).toBe(ANSWER.join(''));
    expect(run.stdout).not.toContain('headroom_retrieve');
    expect(run.stdout).not.toContain(RETRIEVE_ID);
    expect(run.stderr).not.toContain('headroom_retrieve');
  });

  it('sends the tool output to the model compressed behind a marker, with the planted records visible', () => {
    const result = catResult();
    expect(result.length).toBeLessThan(fixture.text.length / 4);
    expect(parseMarkers(result)).toHaveLength(1);
    for (const text of fixture.mustKeep) expect(result).toContain(text);
    // The proxy offered the retrieve tool on that turn; Claude Code's own tool list does not have it.
    const withResult = bodies().find((b) => anthropicToolResults(b, CAT_ID).length > 0);
    expect(withResult !== undefined && offers(withResult, 'headroom_retrieve')).toBe(true);
  });

  it('answers the retrieve call in the continuation with the byte-exact original behind the ref', async () => {
    const [continuation, ...more] = continuations();
    expect(more).toHaveLength(0);
    const retrieved = anthropicToolResults(continuation!, RETRIEVE_ID);
    expect(retrieved).toHaveLength(1);
    const original = retrieved[0]!;
    const ref = parseMarkers(catResult())[0]!.ref;
    // The ref is the hash of the original, and the store under HEADROOM_HOME gives back the same bytes.
    expect(refOf(original)).toBe(ref);
    const stdout = await runHeadroom(['retrieve', ref], headroomHome);
    expect(original).toBe(stdout);
    // Nothing lost: every record is in the table the model saw or in what it retrieved.
    const records = JSON.parse(fixture.text) as { trace_id: string }[];
    const missing = records.filter((r) => !catResult().includes(r.trace_id) && !original.includes(r.trace_id));
    expect(missing).toEqual([]);
    expect(original).not.toContain('<<headroom:');
  });

  it('records the retrieval in the ledger under HEADROOM_HOME: one, found, from the json compressor', () => {
    expect(stats.ledger.retrievals).toMatchObject({ count: 1, found: 1, missed: 0, byCompressor: { json: 1 } });
    expect(stats.compression.tokensSaved).toBeGreaterThan(0);
  });

  it('keeps streaming to Claude Code: round 1 reached its output before the continuation finished', () => {
    expect(released).toBe('condition');
    const out = run.stdout;
    expect(out.indexOf(LOOKING)).toBeGreaterThan(-1);
    expect(out.indexOf(LOOKING)).toBeLessThan(out.indexOf(FOUND[1]!));
  });

  it('sends the continuation itself, with Claude Code\'s headers; Claude Code runs the tool it asked for and goes on', () => {
    // Claude Code's turns: cat, the turn with the retrieval, the one after its echo; the proxy's continuation is third.
    const withBash = messageRequests().filter((r) => offers(r.json<AnthropicBody>(), 'Bash'));
    expect(withBash).toHaveLength(4);
    const [, turn, continuation, after] = withBash;
    expect(anthropicToolResults(continuation!.json<AnthropicBody>(), RETRIEVE_ID)).toHaveLength(1);
    for (const name of ['x-api-key', 'anthropic-version', 'anthropic-beta', 'x-claude-code-session-id', 'user-agent']) {
      expect(turn!.headers[name], name).toBeDefined();
      expect(continuation!.headers[name], name).toBe(turn!.headers[name]);
    }
    // Claude Code ran the continuation's Bash call, and its history has no trace of the retrieve call.
    expect(anthropicToolResults(after!.json<AnthropicBody>(), ECHO_ID)).toEqual(['checked']);
    expect(after!.text()).not.toContain(RETRIEVE_ID);
  });

  it('resends the compressed tool output with the same bytes on the next turn, still offering the retrieve tool', () => {
    const results = bodies().flatMap((b) => anthropicToolResults(b, CAT_ID));
    // The turn with the retrieval, the continuation and the turn after the echo.
    expect(results).toHaveLength(3);
    expect(new Set(results).size).toBe(1);
    expect(bodies().filter((b) => anthropicToolResults(b, CAT_ID).length > 0).every((b) => offers(b, 'headroom_retrieve'))).toBe(true);
  });

  it('leaves no proxy running and no lease behind', async () => {
    const during = leaseDuringRun.find((l) => l.state !== undefined);
    expect(during?.state).toBeDefined();
    const { pid, port } = during!.state!;
    const deadline = Date.now() + 10_000;
    while (isRunning(pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(isRunning(pid)).toBe(false);
    await expect(fetch(`http://127.0.0.1:${port}/livez`)).rejects.toThrow();
    expect(readLeaseFiles(headroomHome).map((l) => ({ state: l.state, clients: l.clients }))).toEqual([{ state: undefined, clients: [] }]);
  });

  it("changes no file of the agent's: the user's settings are untouched and nothing in HOME points at the proxy", async () => {
    expect(await readFile(join(agentHome, '.claude', 'settings.json'), 'utf8')).toBe(USER_SETTINGS);
    const port = leaseDuringRun.find((l) => l.state !== undefined)?.state?.port;
    expect(port).toBeDefined();
    expect(await filesContaining(agentHome, `127.0.0.1:${port}`)).toEqual([]);
    expect(await filesContaining(workdir, `127.0.0.1:${port}`)).toEqual([]);
  });
});
