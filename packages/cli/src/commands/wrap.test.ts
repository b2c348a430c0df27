import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startScriptedUpstream } from '@headroom/proxy/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const bin = join(resolve(dirname(fileURLToPath(import.meta.url)), '..', '..'), 'dist', 'bin.js');

/**
 * A stand-in for the agent binary (the real Claude Code and Codex runs are in apps/e2e): it
 * reports what it was given, checks the proxy answers, optionally sends one model request
 * through it, then waits for a release file or a signal.
 */
const FAKE_AGENT = `#!/usr/bin/env node
const fs = require('node:fs');
const name = require('node:path').basename(process.argv[1]);
const url = name === 'codex'
  ? /base_url="([^"]+)\\/v1"/.exec(process.argv.slice(2).join(' '))[1]
  : process.env.ANTHROPIC_BASE_URL;
process.on('SIGTERM', () => { fs.writeFileSync(process.env.FAKE_OUT + '.signal', 'SIGTERM'); process.exit(42); });
(async () => {
  const live = (await fetch(url + '/livez')).status;
  let upstream = null;
  if (process.env.FAKE_SEND) {
    const r = await fetch(url + '/v1/messages', { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': 'k', 'anthropic-version': '2023-06-01' }, body: JSON.stringify({ model: 'm', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] }) });
    upstream = r.status;
  }
  fs.writeFileSync(process.env.FAKE_OUT, JSON.stringify({ args: process.argv.slice(2), url, live, upstream }));
  while (process.env.FAKE_HOLD && !fs.existsSync(process.env.FAKE_HOLD)) await new Promise((r) => setTimeout(r, 20));
  process.exit(Number(process.env.FAKE_EXIT ?? 0));
})();
`;

let dir: string;
let agents: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'headroom-wrap-'));
  agents = join(dir, 'bin');
  mkdirSync(agents);
  for (const name of ['claude', 'codex']) {
    writeFileSync(join(agents, name), FAKE_AGENT);
    chmodSync(join(agents, name), 0o755);
  }
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function wrap(args: string[], env: Record<string, string> = {}): { child: ChildProcess; done: Promise<{ code: number | null; stderr: string }> } {
  const child = spawn(process.execPath, [bin, 'wrap', ...args], {
    env: { PATH: `${agents}:${process.env.PATH}`, HOME: dir, HEADROOM_HOME: join(dir, 'home'), CODEX_HOME: join(dir, 'codex'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const done = new Promise<{ code: number | null; stderr: string }>((resolvePromise) => child.on('close', (code) => resolvePromise({ code, stderr })));
  return { child, done };
}

const report = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as { args: string[]; url: string; live: number; upstream: number | null };
const answers = async (url: string) => fetch(`${url}/livez`).then((r) => r.ok, () => false);
const waitFor = async (check: () => boolean) => {
  while (!check()) await new Promise((r) => setTimeout(r, 20));
};

describe('headroom wrap', () => {
  it('runs the agent against a live proxy, passes its arguments and exit code, then stops the proxy', async () => {
    const out = join(dir, 'out.json');
    const { code } = await wrap(['claude', '-p', 'hello world', '--allowedTools', 'Bash'], { FAKE_OUT: out, FAKE_EXIT: '7' }).done;
    expect(code).toBe(7);
    const seen = report(out);
    expect(seen.args).toEqual(['-p', 'hello world', '--allowedTools', 'Bash']);
    expect(seen.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(seen.live).toBe(200);
    expect(await answers(seen.url)).toBe(false);
  });

  it('shares one proxy between wrappers and stops it after the last one leaves', async () => {
    const hold = join(dir, 'hold');
    const first = wrap(['claude'], { FAKE_OUT: join(dir, 'a.json'), FAKE_HOLD: hold });
    await waitFor(() => existsSync(join(dir, 'a.json')));
    const second = await wrap(['claude'], { FAKE_OUT: join(dir, 'b.json') }).done;
    expect(second.code).toBe(0);
    const url = report(join(dir, 'a.json')).url;
    expect(report(join(dir, 'b.json')).url).toBe(url);
    expect(await answers(url)).toBe(true);
    writeFileSync(hold, '');
    expect((await first.done).code).toBe(0);
    expect(await answers(url)).toBe(false);
  });

  it('passes SIGTERM on to the agent, exits with its code and still stops the proxy', async () => {
    const out = join(dir, 'out.json');
    const run = wrap(['claude'], { FAKE_OUT: out, FAKE_HOLD: join(dir, 'never') });
    await waitFor(() => existsSync(out));
    run.child.kill('SIGTERM');
    expect((await run.done).code).toBe(42);
    expect(readFileSync(`${out}.signal`, 'utf8')).toBe('SIGTERM');
    expect(await answers(report(out).url)).toBe(false);
    expect(readdirSync(join(dir, 'home', 'run'))).toHaveLength(1);
  });

  it("routes through the user's own gateway when ANTHROPIC_BASE_URL was already set", async () => {
    const gateway = await startScriptedUpstream();
    try {
      const out = join(dir, 'out.json');
      const { code } = await wrap(['claude'], { FAKE_OUT: out, FAKE_SEND: '1', ANTHROPIC_BASE_URL: gateway.url }).done;
      expect(code).toBe(0);
      expect(report(out).url).not.toBe(gateway.url);
      expect(report(out).upstream).toBe(200);
      expect(gateway.requests.map((r) => r.path)).toEqual(['/v1/messages']);
    } finally {
      await gateway.close();
    }
  });

  it('gives Codex a provider on its command line and writes no file of its own', async () => {
    const out = join(dir, 'out.json');
    const { code } = await wrap(['codex', 'exec', '--skip-git-repo-check', 'fix it'], { FAKE_OUT: out }).done;
    expect(code).toBe(0);
    const { args, url, live } = report(out);
    expect(args.slice(0, 3)).toEqual(['-c', 'model_provider="headroom"', '-c']);
    expect(args[3]).toBe(`model_providers.headroom={name="headroom",base_url="${url}/v1",wire_api="responses",env_key="OPENAI_API_KEY"}`);
    expect(args.slice(4)).toEqual(['exec', '--skip-git-repo-check', 'fix it']);
    expect(live).toBe(200);
    expect(existsSync(join(dir, 'codex'))).toBe(false);
  });

  it('names the install command when the agent is not installed', async () => {
    const { code, stderr } = await wrap(['codex'], { PATH: '/nonexistent' }).done;
    expect(code).toBe(1);
    expect(stderr).toBe('headroom: codex is not installed (not on PATH); install it with: npm install -g @openai/codex\n');
  });
});
