import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { hostAllowed } from './internal/access.js';
import { type Harness, send, startHarness } from './internal/test-kit.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const chat = JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] });

describe('model routes refuse a Host or Origin that is not this machine (DNS rebinding)', () => {
  it('a browser page rebinding evil.example to 127.0.0.1 gets a provider-shaped 403, and nothing goes upstream', async () => {
    harness = await startHarness();
    const port = harness.proxy.port;
    const openai = await send(`${harness.proxy.url}/v1/chat/completions`, { headers: { host: `evil.example:${port}` }, body: chat });
    expect(openai.status).toBe(403);
    expect(openai.json()).toMatchObject({ error: { type: 'invalid_request_error', code: 'headroom_forbidden' } });
    const anthropic = await send(`${harness.proxy.url}/v1/messages`, { headers: { host: 'evil.example', 'x-api-key': 'k' }, body: '{}' });
    expect(anthropic.status).toBe(403);
    expect(anthropic.json()).toMatchObject({ type: 'error', error: { type: 'permission_error' } });
    // A loopback Host with a foreign Origin is the same page, seen from its fetch() call.
    const origin = await send(`${harness.proxy.url}/v1/chat/completions`, { headers: { host: `127.0.0.1:${port}`, origin: `http://evil.example:${port}` }, body: chat });
    expect(origin.status).toBe(403);
    const passthrough = await send(`${harness.proxy.url}/v1/models`, { headers: { host: 'evil.example' } });
    expect(passthrough.status).toBe(403);
    expect(harness.upstream.requests).toHaveLength(0);
  });

  it('accepts loopback names with any port, a loopback Origin, and what the official SDKs send', async () => {
    harness = await startHarness();
    const port = harness.proxy.port;
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, 'LOCALHOST', '127.0.0.1']) {
      expect((await send(`${harness.proxy.url}/v1/chat/completions`, { headers: { host }, body: chat })).status).toBe(200);
    }
    expect((await send(`${harness.proxy.url}/v1/chat/completions`, { headers: { host: `localhost:${port}`, origin: 'http://localhost:3000' }, body: chat })).status).toBe(200);
    const openai = new OpenAI({ baseURL: `http://localhost:${port}/v1`, apiKey: 'k', maxRetries: 0 });
    expect((await openai.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] })).choices).toHaveLength(1);
    const anthropic = new Anthropic({ baseURL: harness.proxy.url, apiKey: 'k', maxRetries: 0 });
    expect((await anthropic.messages.create({ model: 'm', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] })).type).toBe('message');
  });

  it('accepts the names in --allowed-hosts (with or without a port)', async () => {
    harness = await startHarness({ allowedHosts: ['headroom.local', 'proxy.internal:9000'] });
    const url = `${harness.proxy.url}/v1/chat/completions`;
    expect((await send(url, { headers: { host: 'headroom.local:8787' }, body: chat })).status).toBe(200);
    expect((await send(url, { headers: { host: 'Proxy.Internal:9000', origin: 'http://headroom.local' }, body: chat })).status).toBe(200);
    expect((await send(url, { headers: { host: 'proxy.internal:9001' }, body: chat })).status).toBe(403);
  });

  it('with a token, a client that presents it may use any Host (a rebinding page cannot know the token)', async () => {
    harness = await startHarness({ host: '0.0.0.0', token: 't0ken' });
    const url = `http://127.0.0.1:${harness.proxy.port}/v1/chat/completions`;
    expect((await send(url, { headers: { host: 'proxy.svc.cluster.local', 'x-headroom-token': 't0ken' }, body: chat })).status).toBe(200);
    expect((await send(url, { headers: { host: 'proxy.svc.cluster.local' }, body: chat })).status).toBe(401);
  });

  it('health probes answer whatever the Host (kubelets probe by pod IP)', async () => {
    harness = await startHarness();
    expect((await send(`${harness.proxy.url}/livez`, { headers: { host: '10.1.2.3:8787' } })).status).toBe(200);
    expect((await send(`${harness.proxy.url}/readyz`, { headers: { host: '10.1.2.3:8787' } })).status).toBe(200);
  });

  it('hostAllowed parses Host and Origin forms strictly', () => {
    const policy = { allowedHosts: ['headroom.local'], bindHost: '127.0.0.1' };
    expect(['localhost', 'localhost:1', '[::1]:8787', '127.0.0.1', '127.9.9.9:80', 'headroom.local:5'].every((h) => hostAllowed(h, policy))).toBe(true);
    expect(['', 'evil.example', 'localhost.evil.example', '127.0.0.1.nip.io', '[::1].evil', 'headroom.local.evil'].some((h) => hostAllowed(h, policy))).toBe(false);
    expect(hostAllowed('10.0.0.5:8787', { allowedHosts: [], bindHost: '10.0.0.5' })).toBe(true);
    expect(hostAllowed('10.0.0.5:8787', { allowedHosts: [], bindHost: '0.0.0.0' })).toBe(false);
  });
});
