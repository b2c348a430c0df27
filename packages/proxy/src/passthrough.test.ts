import { connect } from 'node:net';
import { createMemoryStore } from '@headroom/core';
import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, send, startHarness } from './internal/test-kit.js';
import { startProxy } from './start-proxy.js';
import { startScriptedUpstream } from './testing/scripted-upstream.js';

let harness: Harness;
afterEach(async () => {
  await harness?.close();
});

describe('passthrough', () => {
  it('forwards unknown paths to the OpenAI upstream with query string, auth and body untouched', async () => {
    harness = await startHarness();
    const answer = await send(`${harness.proxy.url}/v1/models?limit=2&after=x`, { headers: { authorization: 'Bearer sk-test-123' } });
    expect(answer.status).toBe(200);
    const [seen] = harness.upstream.requests;
    expect(seen!.method).toBe('GET');
    expect(seen!.path).toBe('/v1/models?limit=2&after=x');
    expect(seen!.headers.authorization).toBe('Bearer sk-test-123');
    expect(answer.json()).toEqual({ ok: true, method: 'GET', path: '/v1/models?limit=2&after=x' });
  });

  it('sends paths with Anthropic headers to the Anthropic upstream, bytes untouched', async () => {
    const openai = await startScriptedUpstream();
    harness = await startHarness();
    await harness.proxy.close();
    const proxy = await startProxy({ port: 0, anthropicUpstream: harness.upstream.url, openaiUpstream: openai.url, store: createMemoryStore(), compressors: [], outboundProxy: false });
    try {
      const body = '{ "requests" :  [ {"custom_id": "a"} ] ,"x":1.50}';
      const answer = await send(`${proxy.url}/v1/messages/batches?beta=true`, { headers: { 'x-api-key': 'sk-ant-1', 'anthropic-version': '2023-06-01', 'content-type': 'application/json' }, body });
      expect(answer.status).toBe(200);
      expect(harness.upstream.requests).toHaveLength(1);
      expect(openai.requests).toHaveLength(0);
      const seen = harness.upstream.requests[0]!;
      expect(seen.text()).toBe(body);
      expect(seen.path).toBe('/v1/messages/batches?beta=true');
      expect(seen.headers['x-api-key']).toBe('sk-ant-1');
      expect(seen.headers['content-length']).toBe(String(Buffer.byteLength(body)));

      // Claude Code's connectivity check carries no body and no Anthropic header.
      const hello = await send(`${proxy.url}/api/hello`, { method: 'HEAD' });
      expect(hello.status).toBe(200);
      expect(harness.upstream.requests.at(-1)!.method).toBe('HEAD');

      await send(`${proxy.url}/v1/embeddings`, { headers: { authorization: 'Bearer sk-o' }, body: '{"input":"x"}' });
      expect(openai.requests.map((r) => r.path)).toEqual(['/v1/embeddings']);
    } finally {
      await proxy.close();
      await openai.close();
    }
  });

  it('passes count_tokens through as the original bytes', async () => {
    harness = await startHarness();
    const body = JSON.stringify({ model: 'claude', messages: [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 't', content: JSON.stringify({ a: [1, 2, 3] }, null, 8).repeat(1) }] }] }, null, 3);
    await send(`${harness.proxy.url}/v1/messages/count_tokens?beta=true`, { headers: { 'x-api-key': 'k', 'anthropic-version': '2023-06-01' }, body });
    expect(harness.upstream.requests[0]!.text()).toBe(body);
  });

  it('strips x-headroom-* and hop-by-hop headers, keeps everything else', async () => {
    harness = await startHarness();
    await send(`${harness.proxy.url}/v1/files`, {
      headers: {
        authorization: 'Bearer sk-x',
        'x-headroom-mode': 'off',
        'x-headroom-project': 'secret-project',
        connection: 'keep-alive, x-drop-me',
        'x-drop-me': '1',
        'proxy-authorization': 'Basic abc',
        'openai-beta': 'assistants=v2',
        'x-custom': 'kept',
      },
      body: 'raw',
    });
    const headers = harness.upstream.requests[0]!.headers;
    expect(headers.authorization).toBe('Bearer sk-x');
    expect(headers['openai-beta']).toBe('assistants=v2');
    expect(headers['x-custom']).toBe('kept');
    expect(Object.keys(headers).filter((h) => h.startsWith('x-headroom-'))).toEqual([]);
    expect(headers['x-drop-me']).toBeUndefined();
    expect(headers['proxy-authorization']).toBeUndefined();
    expect(headers.host).toBe(new URL(harness.upstream.url).host);
  });

  it('forwards a model request with nothing to compress as its original bytes', async () => {
    harness = await startHarness();
    const body = '{"model":"claude-x",  "max_tokens":10,"messages":[{"role":"user","content":"caf\\u00e9 ☕ hi"}]}';
    const answer = await send(`${harness.proxy.url}/v1/messages?beta=true`, { headers: { 'x-api-key': 'k', 'content-type': 'application/json' }, body });
    expect(answer.status).toBe(200);
    expect(harness.upstream.requests[0]!.text()).toBe(body);
    expect(harness.upstream.requests[0]!.path).toBe('/v1/messages?beta=true');
    expect(answer.headers['x-headroom-tokens-before']).toBe(answer.headers['x-headroom-tokens-after']);
  });

  it('prefixes the path of an upstream URL that has one', async () => {
    const upstream = await startScriptedUpstream();
    const proxy = await startProxy({ port: 0, openaiUpstream: `${upstream.url}/gateway/openai/`, store: createMemoryStore(), compressors: [], outboundProxy: false });
    harness = { upstream, proxy, store: createMemoryStore(), close: async () => {
        await proxy.close();
        await upstream.close();
      },
    };
    await send(`${proxy.url}/v1/models`);
    expect(upstream.requests[0]!.path).toBe('/gateway/openai/v1/models');
  });

  it('refuses absolute-form request targets: the client never picks the upstream', async () => {
    harness = await startHarness();
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = connect(harness.proxy.port, '127.0.0.1', () => {
        socket.end('GET http://169.254.169.254/latest/meta-data HTTP/1.1\r\nHost: 169.254.169.254\r\nConnection: close\r\n\r\n');
      });
      let data = '';
      socket.on('data', (chunk) => {
        data += chunk.toString();
      });
      socket.on('end', () => resolve(data));
      socket.on('error', reject);
    });
    expect(reply.startsWith('HTTP/1.1 400')).toBe(true);
    expect(harness.upstream.requests).toHaveLength(0);
  });

  it('refuses protocol upgrades (WebSocket) with 501 instead of relaying them', async () => {
    harness = await startHarness();
    const answer = await send(`${harness.proxy.url}/v1/responses`, {
      headers: { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==' },
    });
    expect(answer.status).toBe(501);
    expect(answer.json()).toMatchObject({ error: { code: 'headroom_unsupported' } });
    expect(harness.upstream.requests).toHaveLength(0);
  });

  it('answers 502 in the provider shape when the upstream cannot be reached', async () => {
    const dead = await startScriptedUpstream();
    const deadUrl = dead.url;
    await dead.close();
    const proxy = await startProxy({ port: 0, anthropicUpstream: deadUrl, openaiUpstream: deadUrl, store: createMemoryStore(), compressors: [], outboundProxy: false });
    harness = { upstream: dead, proxy, store: createMemoryStore(), close: () => proxy.close() };
    const anthropic = await send(`${proxy.url}/v1/messages`, { headers: { 'x-api-key': 'k' }, body: '{"model":"m","messages":[]}' });
    expect(anthropic.status).toBe(502);
    expect(anthropic.json()).toMatchObject({ type: 'error', error: { type: 'api_error' } });
    expect(anthropic.json<{ error: { message: string } }>().error.message).toContain('cannot reach the upstream');
    const openai = await send(`${proxy.url}/v1/chat/completions`, { body: '{"model":"m","messages":[]}' });
    expect(openai.status).toBe(502);
    expect(openai.json()).toMatchObject({ error: { type: 'server_error', code: 'headroom_upstream_unreachable' } });
  });
});
