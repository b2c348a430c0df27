import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureClaudeCode, type ProcessResult, runProcess } from '@headroom/e2e';
import { anthropicStream, defaultReply, type RecordedRequest, type ScriptedUpstream, startScriptedUpstream } from '@headroom/proxy/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEADROOM_BIN } from './internal/headroom-bin.js';
import { type HoldRelease, holdStream } from './internal/hold-stream.js';
import { isRunning, type LeaseFiles, readLeaseFiles } from './internal/lease-files.js';
import { claudeEnv } from './internal/agent-env.js';

const FIRST = { prompt: 'Session one: say hello.', answer: ['Hello from session one, ', 'still streaming after session two left.'] };
const SECOND = { prompt: 'Session two: say hello.', answer: ['Hello from session two.'] };
const HOLD_LIMIT_MS = 60_000;

const isMessages = (r: RecordedRequest) => r.method === 'POST' && r.path.split('?')[0] === '/v1/messages';

describe('two wrapped Claude Code sessions share one proxy; the first to leave does not stop it', () => {
  let workdir: string;
  let headroomHome: string;
  let upstream: ScriptedUpstream;
  let first: ProcessResult;
  let second: ProcessResult;
  /** How the first session's held answer was released: by the condition (the second wrapper exited), or by the time limit. */
  let released: HoldRelease | undefined;
  /** The lease as each session's model call saw it. */
  const leases = new Map<string, LeaseFiles[]>();
  let firstArrived: () => void;
  const firstArrivedPromise = new Promise<void>((resolve) => {
    firstArrived = resolve;
  });
  let secondDone: () => void;
  const secondDonePromise = new Promise<void>((resolve) => {
    secondDone = resolve;
  });

  beforeAll(async () => {
    const claude = await ensureClaudeCode();
    workdir = await mkdtemp(join(tmpdir(), 'headroom-wrap-work-'));
    headroomHome = await mkdtemp(join(tmpdir(), 'headroom-wrap-home-'));
    upstream = await startScriptedUpstream({
      handler: (request) => {
        if (!isMessages(request)) return defaultReply(request);
        const session = [FIRST, SECOND].find((s) => request.text().includes(s.prompt));
        if (!session) return defaultReply(request);
        if (!leases.has(session.prompt)) leases.set(session.prompt, readLeaseFiles(headroomHome));
        if (session === SECOND) return { sse: anthropicStream({ text: SECOND.answer }) };
        // The first session's answer starts, then waits until the second wrapper has exited.
        firstArrived();
        const held = holdStream(anthropicStream({ text: FIRST.answer }), 'content_block_delta', secondDonePromise, HOLD_LIMIT_MS);
        void held.released.then((how) => {
          released ??= how;
        });
        return { sse: held.events };
      },
    });
    const wrapped = async (prompt: string, home: string) =>
      runProcess(process.execPath, [HEADROOM_BIN, 'wrap', 'claude', '-p', prompt], {
        cwd: workdir,
        timeoutMs: 180_000,
        env: claudeEnv({ bin: claude, home, headroomHome, upstreamUrl: upstream.url }),
      });
    const homes = [await mkdtemp(join(tmpdir(), 'headroom-wrap-agent-home-')), await mkdtemp(join(tmpdir(), 'headroom-wrap-agent-home-'))];
    const firstRun = wrapped(FIRST.prompt, homes[0]!);
    // The second session starts once the first one's answer is streaming through the proxy.
    await Promise.race([firstArrivedPromise, firstRun]);
    second = await wrapped(SECOND.prompt, homes[1]!);
    secondDone();
    first = await firstRun;
    for (const home of homes) await rm(home, { recursive: true, force: true });
  });
  afterAll(async () => {
    await upstream?.close();
    for (const dir of [workdir, headroomHome]) if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('both sessions exit 0 with their own answers; the first finished after the second had left', () => {
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout.trim()).toBe(SECOND.answer.join(''));
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout.trim()).toBe(FIRST.answer.join(''));
    expect(released).toBe('condition');
  });

  it('the second wrapper joined the proxy the first one started', () => {
    const one = leases.get(FIRST.prompt)?.find((l) => l.state !== undefined);
    const two = leases.get(SECOND.prompt)?.find((l) => l.state !== undefined);
    expect(one?.state).toBeDefined();
    expect(two?.state).toEqual(one?.state);
    expect(one?.clients).toHaveLength(1);
    expect(two?.clients).toHaveLength(2);
  });

  it('the proxy stops after the last wrapper leaves', async () => {
    const { pid } = leases.get(FIRST.prompt)!.find((l) => l.state !== undefined)!.state!;
    const deadline = Date.now() + 10_000;
    while (isRunning(pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(isRunning(pid)).toBe(false);
    expect(readLeaseFiles(headroomHome).map((l) => ({ state: l.state, clients: l.clients }))).toEqual([{ state: undefined, clients: [] }]);
  });
});
