import { createMemoryStore } from '@headroom/core';
import { afterEach, describe, expect, it } from 'vitest';
import { isLoopbackAddress, isLoopbackHostHeader, tokenMatches } from './internal/access.js';
import { type Harness, send, startHarness } from './internal/test-kit.js';
import { startProxy } from './start-proxy.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('security', () => {
  it('refuses to bind a non-loopback address without a token', async () => {
    await expect(startProxy({ port: 0, host: '0.0.0.0', store: createMemoryStore(), compressors: [] })).rejects.toThrow(/token/);
  });

  it('validates upstream URLs and reports a busy port', async () => {
    const store = createMemoryStore();
    await expect(startProxy({ port: 0, anthropicUpstream: 'not a url', store, compressors: [] })).rejects.toThrow(/anthropicUpstream is not a URL/);
    await expect(startProxy({ port: 0, openaiUpstream: 'file:///etc/passwd', store, compressors: [] })).rejects.toThrow(/http\(s\) URL/);
    await expect(startProxy({ port: 0, openaiUpstream: 'https://user:pw@example.com', store, compressors: [] })).rejects.toThrow(/credentials/);
    const first = await startProxy({ port: 0, store, compressors: [] });
    try {
      await expect(startProxy({ port: first.port, store, compressors: [] })).rejects.toThrow(/EADDRINUSE/);
    } finally {
      await first.close();
    }
  });

  it('with a token, checks it on every route and strips it before forwarding', async () => {
    harness = await startHarness({ host: '0.0.0.0', token: 's3cret-token' });
    const url = `http://127.0.0.1:${harness.proxy.port}`;
    const missing = await send(`${url}/v1/messages`, { headers: { 'x-api-key': 'k' }, body: '{}' });
    expect(missing.status).toBe(401);
    expect(missing.json()).toMatchObject({ type: 'error', error: { type: 'authentication_error' } });
    const wrong = await send(`${url}/v1/chat/completions`, { headers: { 'x-headroom-token': 's3cret-tokeN' }, body: '{}' });
    expect(wrong.status).toBe(401);
    expect(wrong.json()).toMatchObject({ error: { type: 'invalid_request_error' } });
    expect((await send(`${url}/livez`)).status).toBe(401);
    expect((await send(`${url}/stats`)).status).toBe(401);
    expect(harness.upstream.requests).toHaveLength(0);

    const ok = await send(`${url}/v1/models`, { headers: { 'x-headroom-token': 's3cret-token', authorization: 'Bearer sk-1' } });
    expect(ok.status).toBe(200);
    expect(harness.upstream.requests[0]!.headers['x-headroom-token']).toBeUndefined();
    expect(harness.upstream.requests[0]!.headers.authorization).toBe('Bearer sk-1');
    // A token holder may read stats from anywhere, whatever Host they use.
    expect((await send(`${url}/stats`, { headers: { 'x-headroom-token': 's3cret-token', host: 'proxy.internal:8787' } })).status).toBe(200);
  });

  it('serves /stats, /metrics and /dashboard only to a loopback Host (DNS-rebinding defence)', async () => {
    harness = await startHarness();
    const url = harness.proxy.url;
    const port = harness.proxy.port;
    for (const path of ['/stats', '/metrics', '/dashboard']) {
      expect((await send(`${url}${path}`, { headers: { host: `attacker.example:${port}` } })).status).toBe(403);
      expect((await send(`${url}${path}`, { headers: { host: `localhost:${port}` } })).status).toBe(200);
      expect((await send(`${url}${path}`, { headers: { host: `[::1]:${port}` } })).status).toBe(200);
    }
    // Health probes carry nothing sensitive.
    expect((await send(`${url}/livez`, { headers: { host: 'attacker.example' } })).status).toBe(200);
  });

  it('recognizes loopback peers and hosts, and compares tokens exactly', () => {
    expect(['127.0.0.1', '127.8.9.1', '::1', '::ffff:127.0.0.1'].every(isLoopbackAddress)).toBe(true);
    expect(['10.0.0.1', '::ffff:10.0.0.1', '0.0.0.0', '', undefined].some(isLoopbackAddress)).toBe(false);
    expect(['localhost', 'LOCALHOST:80', '127.0.0.1:8787', '[::1]:1', '::1'].every(isLoopbackHostHeader)).toBe(true);
    expect(['127.0.0.1.nip.io', 'localhost.evil.com:80', 'evil.com', undefined].some(isLoopbackHostHeader)).toBe(false);
    expect(tokenMatches('abc', 'abc')).toBe(true);
    expect(tokenMatches('abcd', 'abc')).toBe(false);
    expect(tokenMatches(['abc'], 'abc')).toBe(false);
    expect(tokenMatches(undefined, 'abc')).toBe(false);
  });
});
