import { type ChildProcessWithoutNullStreams, execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PROXY_NODE_FLAGS } from '@headroom/proxy/config';
import { type ScriptedUpstream, startScriptedUpstream } from '@headroom/proxy/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The test runs the built entry point, exactly as the README and the systemd unit do.
const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));

interface Started {
  readonly child: ChildProcessWithoutNullStreams;
  readonly url: string;
  readonly stderr: () => string;
}

function startMain(env: NodeJS.ProcessEnv): Promise<Started> {
  // A generous compression budget: at the default 3 s a loaded CI machine let a fresh proxy's first
  // compression (threads still loading their compressors) run past it, and the JSON tool result
  // went upstream as sent, which is the designed fail-open but not what these tests look at.
  const child = spawn(process.execPath, [...PROXY_NODE_FLAGS, MAIN], { env: { PATH: process.env.PATH, HEADROOM_COMPRESSION_TIMEOUT: '60s', ...env } });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      const url = /listening on (http:\/\/\S+)/.exec(stdout)?.[1];
      if (url) resolve({ child, url, stderr: () => stderr });
    });
    child.on('exit', (code) => reject(new Error(`main.js exited (${code}) before listening: ${stderr}`)));
  });
}

function exitOf(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  return child.exitCode !== null ? Promise.resolve(child.exitCode) : new Promise((resolve) => child.once('exit', resolve));
}

describe('node dist/main.js', () => {
  let upstream: ScriptedUpstream;
  let home: string;

  beforeAll(async () => {
    expect(existsSync(MAIN), 'build apps/proxy first (tsc -b)').toBe(true);
    upstream = await startScriptedUpstream();
    home = await mkdtemp(join(tmpdir(), 'headroom-proxy-app-'));
  });
  afterAll(async () => {
    await upstream.close();
    await rm(home, { recursive: true, force: true });
  });

  it('serves /livez, proxies a request to the upstream, and stops cleanly on SIGTERM', async () => {
    const proxy = await startMain({ HEADROOM_PORT: '0', HEADROOM_HOME: home, HEADROOM_ANTHROPIC_UPSTREAM: upstream.url });
    try {
      const live = await fetch(`${proxy.url}/livez`);
      expect(live.status).toBe(200);

      const response = await fetch(`${proxy.url}/v1/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': 'sk-test', 'anthropic-version': '2023-06-01' },
        body: JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 64, messages: [{ role: 'user', content: 'hello' }] }),
      });
      expect(response.status).toBe(200);
      const body = (await response.json()) as { content: { text: string }[] };
      expect(body.content[0]?.text).toBe('Hello from the scripted upstream.');
      const forwarded = upstream.requests.filter((r) => r.path.startsWith('/v1/messages'));
      expect(forwarded).toHaveLength(1);
      expect(forwarded[0]?.headers['x-api-key']).toBe('sk-test');
      expect(existsSync(join(home, 'headroom.db'))).toBe(true);
    } finally {
      proxy.child.kill('SIGTERM');
    }
    expect(await exitOf(proxy.child)).toBe(0);
    expect(proxy.stderr()).toContain('SIGTERM received');
  });

  it('handles SIGTERM sent the moment it prints its URL', async () => {
    const proxy = await startMain({ HEADROOM_PORT: '0', HEADROOM_HOME: home, HEADROOM_ANTHROPIC_UPSTREAM: upstream.url });
    proxy.child.kill('SIGTERM');
    expect(await exitOf(proxy.child)).toBe(0);
  });

  it('lets a request in flight finish after SIGTERM before exiting', async () => {
    const proxy = await startMain({ HEADROOM_PORT: '0', HEADROOM_HOME: home, HEADROOM_ANTHROPIC_UPSTREAM: upstream.url });
    const seen = upstream.requests.length;
    upstream.enqueue({ delayMs: 800, json: { id: 'msg_slow', type: 'message', role: 'assistant', content: [{ type: 'text', text: 'slow' }] } });
    const pending = fetch(`${proxy.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': 'sk-test', 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 64, messages: [{ role: 'user', content: 'take your time' }] }),
    });
    await upstream.waitForRequests(seen + 1);
    proxy.child.kill('SIGTERM');
    const response = await pending;
    expect(response.status).toBe(200);
    expect(((await response.json()) as { id: string }).id).toBe('msg_slow');
    expect(await exitOf(proxy.child)).toBe(0);
  });

  it('compresses a JSON tool result with the wired compressors', async () => {
    const proxy = await startMain({ HEADROOM_PORT: '0', HEADROOM_HOME: home, HEADROOM_ANTHROPIC_UPSTREAM: upstream.url });
    try {
      const records = Array.from({ length: 80 }, (_, i) => ({ id: 1000 + i, state: i === 41 ? 'failed' : 'ok', region: 'eu-west-1', retries: i % 3 }));
      const toolResult = JSON.stringify(records, null, 2);
      const body = JSON.stringify({
        model: 'claude-sonnet-4-5',
        max_tokens: 64,
        messages: [
          { role: 'user', content: 'Which job failed?' },
          { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'list_jobs', input: {} }] },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: toolResult }] },
        ],
      });
      const seen = upstream.requests.length;
      const response = await fetch(`${proxy.url}/v1/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': 'sk-test', 'anthropic-version': '2023-06-01' },
        body,
      });
      expect(response.status).toBe(200);
      await response.arrayBuffer();
      const forwarded = upstream.requests[seen]?.json<{ messages: { content: { content?: string }[] }[] }>();
      const forwardedResult = forwarded?.messages[2]?.content[0]?.content ?? '';
      expect(forwardedResult.length).toBeLessThan(toolResult.length / 2);
      expect(forwardedResult).toContain('failed');
      expect(Number(response.headers.get('x-headroom-tokens-after'))).toBeLessThan(Number(response.headers.get('x-headroom-tokens-before')));
    } finally {
      proxy.child.kill('SIGTERM');
    }
    expect(await exitOf(proxy.child)).toBe(0);
  });

  it('runs the conversation step by default: a re-run of a command becomes a reference to the earlier result (HEADROOM_CHAT=off sends it again)', async () => {
    // A real listing of Debian's documentation folder, read by two identical Bash calls.
    const listing = execFileSync('ls', ['-la', '/usr/share/doc'], { encoding: 'utf8' });
    const call = (id: string) => ({ role: 'assistant', content: [{ type: 'tool_use', id, name: 'Bash', input: { command: 'ls -la /usr/share/doc' } }] });
    const result = (id: string) => ({ role: 'user', content: [{ type: 'tool_result', tool_use_id: id, content: listing }] });
    const turns = [{ role: 'user', content: 'Which packages ship documentation here?' }, call('toolu_1'), result('toolu_1'), call('toolu_2'), result('toolu_2')];
    const tools = [{ name: 'Bash', description: 'Run a shell command', input_schema: { type: 'object', properties: { command: { type: 'string' } } } }];
    const secondResultAsForwarded = async (env: NodeJS.ProcessEnv): Promise<string> => {
      const proxy = await startMain({ HEADROOM_PORT: '0', HEADROOM_HOME: home, HEADROOM_ANTHROPIC_UPSTREAM: upstream.url, ...env });
      try {
        let forwarded: { messages: { content: { content?: string }[] }[] } | undefined;
        for (const messages of [turns.slice(0, 3), turns]) {
          const seen = upstream.requests.length;
          const response = await fetch(`${proxy.url}/v1/messages`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-api-key': 'sk-chat', 'anthropic-version': '2023-06-01' },
            body: JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 64, tools, messages }),
          });
          expect(response.status).toBe(200);
          await response.arrayBuffer();
          forwarded = upstream.requests[seen]?.json();
        }
        return forwarded?.messages[4]?.content[0]?.content ?? '';
      } finally {
        proxy.child.kill('SIGTERM');
        await exitOf(proxy.child);
      }
    };
    expect(await secondResultAsForwarded({})).toMatch(/same output as the result of the earlier call toolu_1/);
    expect(await secondResultAsForwarded({ HEADROOM_CHAT: 'off' })).not.toMatch(/same output as the result of the earlier call/);
  });

  it('refuses a bad configuration with exit code 78 and says which variable is wrong', async () => {
    const child = spawn(process.execPath, [...PROXY_NODE_FLAGS, MAIN], { env: { PATH: process.env.PATH, HEADROOM_PORT: 'eighty', HEADROOM_HOME: home } });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    expect(await exitOf(child)).toBe(78);
    expect(stderr).toContain('HEADROOM_PORT');
  });
});

describe('the systemd unit', () => {
  it("starts node with the proxy's node flags", () => {
    const unit = readFileSync(fileURLToPath(new URL('../deploy/headroom-proxy.service', import.meta.url)), 'utf8');
    expect(unit).toContain(`ExecStart=/usr/bin/node ${PROXY_NODE_FLAGS.join(' ')} apps/proxy/dist/main.js\n`);
  });
});
