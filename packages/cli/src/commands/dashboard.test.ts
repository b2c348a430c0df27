import { createMemoryStore } from '@headroom/core';
import { describe, expect, it } from 'vitest';
import { defaultDeps } from '../cli-deps.js';
import type { CliIo } from '../cli-io.js';
import { runDashboard } from './dashboard.js';

function io(env: Record<string, string> = {}): CliIo & { out: () => string } {
  let out = '';
  const sink = {
    write(chunk: string | Uint8Array, callback?: (error?: Error | null) => void) {
      out += String(chunk);
      callback?.(null);
      return true;
    },
  };
  return { stdout: sink, stderr: { write: () => true }, readStdin: async () => Buffer.alloc(0), stdinIsTty: true, env, cwd: process.cwd(), out: () => out };
}

describe('headroom dashboard', () => {
  it('prints a URL with the token for a browser, and the page refuses anyone without it', async () => {
    const terminal = io({ HEADROOM_HOME: '/nonexistent-headroom-home' });
    let stop: () => void = () => undefined;
    const deps = defaultDeps(terminal, { openProxyStore: async () => createMemoryStore() });
    const running = runDashboard({ port: '0', token: 's3cret' }, deps, () => new Promise<void>((resolve) => (stop = resolve)));
    while (!terminal.out().includes('\n')) await new Promise((resolve) => setTimeout(resolve, 10));
    const url = terminal.out().trim();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/dashboard\?token=s3cret$/);
    expect((await fetch(url)).status).toBe(200);
    expect((await fetch(url.replace(/\?token=.*$/, ''))).status).toBe(401);
    expect((await fetch(url.replace(/\/dashboard\?token=.*$/, '/stats'), { headers: { 'x-headroom-token': 's3cret' } })).status).toBe(200);
    expect((await fetch(url.replace(/\/dashboard\?token=.*$/, '/v1/models'), { headers: { 'x-headroom-token': 's3cret' } })).status).toBe(404);
    stop();
    expect(await running).toBe(0);
  });

  it('refuses to listen beyond loopback without a token, and a bad port', async () => {
    const deps = defaultDeps(io(), { openProxyStore: async () => createMemoryStore() });
    await expect(runDashboard({ host: '0.0.0.0' }, deps, async () => undefined)).rejects.toMatchObject({ code: 'invalid_argument' });
    await expect(runDashboard({ port: 'http' }, deps, async () => undefined)).rejects.toThrow(/port/);
  });
});
