import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { anthropicMessage, type ScriptedUpstream, startScriptedUpstream } from '@headroom/proxy/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProxyChild } from '../testing/proxy-child.js';

let dir: string;
let upstream: ScriptedUpstream;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'headroom-retrieve-tool-'));
  upstream = await startScriptedUpstream();
});
afterAll(async () => {
  await upstream.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The tool names the upstream saw on a conversation's first request, sent through `headroom proxy ARGS`. */
async function firstRequestTools(args: readonly string[], env: Record<string, string> = {}): Promise<{ tools: string[]; stderr: string }> {
  const proxy = await startProxyChild(['--anthropic-upstream', upstream.url, ...args], { ...process.env, HEADROOM_HOME: join(dir, args.join('-') || 'default'), ...env });
  try {
    upstream.enqueue({ json: anthropicMessage({ model: 'claude-sonnet-4-5-20250929' }) });
    const seen = upstream.requests.length;
    const response = await fetch(`${proxy.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': 'sk-ant-retrieve-tool', 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({
        model: 'claude-sonnet-4-5-20250929',
        max_tokens: 100,
        tools: [{ name: 'Bash', description: 'run a command', input_schema: { type: 'object', properties: { command: { type: 'string' } } } }],
        messages: [{ role: 'user', content: 'list the files' }],
      }),
    });
    expect(response.status).toBe(200);
    await response.arrayBuffer();
    const body = upstream.requests[seen]!.json<{ tools: Array<{ name: string }> }>();
    return { tools: body.tools.map((tool) => tool.name), stderr: proxy.stderr() };
  } finally {
    await proxy.stop();
  }
}

describe('headroom proxy --retrieve-tool', () => {
  it('offers headroom_retrieve from the first request of a conversation that declares tools by default', async () => {
    const { tools, stderr } = await firstRequestTools([]);
    expect(tools).toEqual(['Bash', 'headroom_retrieve']);
    expect(stderr).toContain('conversation step: chat;');
  });

  it('with when-it-pays (flag or HEADROOM_RETRIEVE_TOOL) leaves a request without markers with the client\'s own tools', async () => {
    const byFlag = await firstRequestTools(['--retrieve-tool', 'when-it-pays']);
    expect(byFlag.tools).toEqual(['Bash']);
    expect(byFlag.stderr).toContain('conversation step: chat, retrieve tool when it pays;');
    const byEnv = await firstRequestTools([], { HEADROOM_RETRIEVE_TOOL: 'when-it-pays' });
    expect(byEnv.tools).toEqual(['Bash']);
  });
});
