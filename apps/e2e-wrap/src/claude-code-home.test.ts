import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { ensureClaudeCode, type ProcessResult, runProcess } from '@headroom/e2e';
import { defaultReply, type ScriptedUpstream, startScriptedUpstream } from '@headroom/proxy/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { filesContaining } from './internal/files-containing.js';
import { HEADROOM_BIN } from './internal/headroom-bin.js';
import { isRunning, readLeaseFiles } from './internal/lease-files.js';
import { claudeEnv } from './internal/agent-env.js';

/** Relative paths of every file below `root`, with session ids and timestamps made comparable. */
async function fileShapes(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) =>
      relative(root, join(entry.parentPath, entry.name))
        .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<uuid>')
        .replace(/\d{10,}/g, '<time>'),
    )
    .sort();
}

describe('headroom wrap claude in a fresh HOME: the same files as Claude Code alone', () => {
  let workdir: string;
  let plainHome: string;
  let wrappedHome: string;
  let headroomHome: string;
  let upstream: ScriptedUpstream;
  let plain: ProcessResult;
  let wrapped: ProcessResult;
  let proxy: { pid: number; port: number } | undefined;

  beforeAll(async () => {
    const claude = await ensureClaudeCode();
    workdir = await mkdtemp(join(tmpdir(), 'headroom-wrap-work-'));
    plainHome = await mkdtemp(join(tmpdir(), 'headroom-wrap-plain-home-'));
    wrappedHome = await mkdtemp(join(tmpdir(), 'headroom-wrap-agent-home-'));
    headroomHome = await mkdtemp(join(tmpdir(), 'headroom-wrap-home-'));
    upstream = await startScriptedUpstream({
      handler: (request) => {
        // Only the wrapped run has a lease: this learns its proxy while it runs.
        proxy ??= readLeaseFiles(headroomHome).find((l) => l.state !== undefined)?.state;
        return defaultReply(request);
      },
    });
    const env = (home: string) => claudeEnv({ bin: claude, home, headroomHome, upstreamUrl: upstream.url });
    // The same one-turn session twice, from the same folder: Claude Code alone, then wrapped.
    plain = await runProcess(claude, ['-p', 'Say hello.'], { cwd: workdir, timeoutMs: 120_000, env: env(plainHome) });
    wrapped = await runProcess(process.execPath, [HEADROOM_BIN, 'wrap', 'claude', '-p', 'Say hello.'], {
      cwd: workdir,
      timeoutMs: 120_000,
      env: env(wrappedHome),
    });
  });
  afterAll(async () => {
    await upstream?.close();
    for (const dir of [workdir, plainHome, wrappedHome, headroomHome]) if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('both runs print the answer', () => {
    expect(plain.code, plain.stderr).toBe(0);
    expect(wrapped.code, wrapped.stderr).toBe(0);
    expect(wrapped.stdout).toBe(plain.stdout);
    // The wrapped run went through a proxy the wrapper started.
    expect(proxy).toBeDefined();
  });

  it('writes no settings file and no file the unwrapped run does not write', async () => {
    const shapes = await fileShapes(wrappedHome);
    expect(shapes).toEqual(await fileShapes(plainHome));
    expect(shapes).not.toContain('.claude/settings.json');
    expect(shapes).toContain('.claude.json');
    expect(await filesContaining(wrappedHome, `127.0.0.1:${proxy?.port}`)).toEqual([]);
  });

  it('stops the proxy it started', async () => {
    const deadline = Date.now() + 10_000;
    while (proxy && isRunning(proxy.pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(proxy !== undefined && isRunning(proxy.pid)).toBe(false);
    await expect(fetch(`http://127.0.0.1:${proxy?.port}/livez`)).rejects.toThrow();
  });
});
