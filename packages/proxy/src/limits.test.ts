import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveProxyLimits } from './config.js';
import { type Harness, send, startHarness } from './internal/test-kit.js';

let harness: Harness | undefined;
const sockets: Socket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await harness?.close();
  harness = undefined;
});

/** A raw TCP connection to the proxy; resolves once connected. */
function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket));
    socket.on('error', reject);
    sockets.push(socket);
  });
}

/** Everything the server sends until it closes the connection (or `giveUpMs` passes: then `closed` is false). */
function untilClosed(socket: Socket, giveUpMs = 20_000): Promise<{ text: string; closed: boolean }> {
  return new Promise((resolve) => {
    let text = '';
    const timer = setTimeout(() => resolve({ text, closed: false }), giveUpMs);
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ text, closed: true });
    });
  });
}

const body = JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] });

describe('request limits a client cannot abuse', () => {
  it('answers 408 and closes a connection whose headers never finish', async () => {
    harness = await startHarness({ headersTimeoutMs: 300, bodyTimeoutMs: 5_000 });
    const socket = await open(harness.proxy.port);
    socket.write('POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ');
    const { text, closed } = await untilClosed(socket);
    expect(closed).toBe(true);
    expect(text).toMatch(/^HTTP\/1\.1 408 /);
    expect(harness.upstream.requests).toHaveLength(0);
  });

  it('answers 408 and closes a connection whose body never finishes', async () => {
    harness = await startHarness({ headersTimeoutMs: 200, bodyTimeoutMs: 400 });
    const socket = await open(harness.proxy.port);
    socket.write(`POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 10)}`);
    const { text, closed } = await untilClosed(socket);
    expect(closed).toBe(true);
    expect(text).toMatch(/^HTTP\/1\.1 408 /);
    expect(harness.upstream.requests).toHaveLength(0);
  });

  it('refuses connections past --max-connections and accepts again once one closes', async () => {
    harness = await startHarness({ maxConnections: 2 });
    const held = [await open(harness.proxy.port), await open(harness.proxy.port)];
    // Both held sockets are accepted (a request on one of them is answered)...
    held[0]!.write(`GET /livez HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
    await new Promise((resolve) => held[0]!.once('data', resolve));
    // ...and a third connection is dropped without an answer.
    await expect(send(`${harness.proxy.url}/livez`)).rejects.toThrow();
    held[1]!.destroy();
    let status = 0;
    // The server notices the close on its next turn; retry until it has (generous deadline, outcome asserted).
    const deadline = Date.now() + 15_000;
    while (status !== 200 && Date.now() < deadline) {
      status = await send(`${harness.proxy.url}/livez`).then(
        (answer) => answer.status,
        () => 0,
      );
      if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(status).toBe(200);
  });

  it('closes the connection after a 401, so an unauthenticated client cannot keep a socket', async () => {
    harness = await startHarness({ host: '127.0.0.1', token: 'secret' });
    const socket = await open(harness.proxy.port);
    socket.write(`POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
    const { text, closed } = await untilClosed(socket);
    expect(closed).toBe(true);
    expect(text).toMatch(/^HTTP\/1\.1 401 /);
    expect(text.toLowerCase()).toContain('connection: close');
  });
});

describe('resolveProxyLimits: flags win over HEADROOM_* environment variables', () => {
  it('reads durations, the connection cap and the allowed hosts, with defaults', () => {
    expect(resolveProxyLimits({}, {})).toEqual({});
    const env = {
      HEADROOM_HEADERS_TIMEOUT: '10s',
      HEADROOM_BODY_TIMEOUT: '90s',
      HEADROOM_FIRST_BYTE_TIMEOUT: '2m',
      HEADROOM_RESPONSE_TIMEOUT: '1500ms',
      HEADROOM_IDLE_TIMEOUT: '45000',
      HEADROOM_MAX_CONNECTIONS: '64',
      HEADROOM_ALLOWED_HOSTS: 'proxy.internal, headroom.local:8787',
      HEADROOM_COMPRESSION_TIMEOUT: '20s',
    };
    expect(resolveProxyLimits({}, env)).toEqual({
      headersTimeoutMs: 10_000,
      bodyTimeoutMs: 90_000,
      firstByteTimeoutMs: 120_000,
      responseTimeoutMs: 1_500,
      idleTimeoutMs: 45_000,
      maxConnections: 64,
      allowedHosts: ['proxy.internal', 'headroom.local:8787'],
      compressionTimeoutMs: 20_000,
    });
    expect(resolveProxyLimits({ headersTimeout: '5s', maxConnections: '8', allowedHosts: 'a.example', compressionTimeout: '500ms' }, env)).toMatchObject({
      headersTimeoutMs: 5_000,
      compressionTimeoutMs: 500,
      maxConnections: 8,
      allowedHosts: ['a.example'],
    });
  });

  it('rejects values that are not durations or counts, naming the flag and the variable', () => {
    expect(() => resolveProxyLimits({ bodyTimeout: 'soon' }, {})).toThrow(/--body-timeout/);
    expect(() => resolveProxyLimits({}, { HEADROOM_COMPRESSION_TIMEOUT: '-1s' })).toThrow(/--compression-timeout \(env HEADROOM_COMPRESSION_TIMEOUT\)/);
    expect(() => resolveProxyLimits({}, { HEADROOM_HEADERS_TIMEOUT: '0s' })).toThrow(/HEADROOM_HEADERS_TIMEOUT/);
    expect(() => resolveProxyLimits({}, { HEADROOM_MAX_CONNECTIONS: '-1' })).toThrow(/HEADROOM_MAX_CONNECTIONS/);
    expect(() => resolveProxyLimits({ allowedHosts: ' , ' }, {})).toThrow(/--allowed-hosts/);
  });
});
