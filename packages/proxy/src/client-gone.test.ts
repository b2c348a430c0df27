import { createServer, type IncomingMessage, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createMemoryStore } from '@headroom/core';
import { afterEach, describe, expect, it } from 'vitest';
import { type RunningProxy, startProxy } from './start-proxy.js';
import { minifyJson } from './internal/test-kit.js';

const closing: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const close of closing.splice(0).reverse()) await close();
});

/** An upstream that never answers and reports each request whose connection the proxy dropped. */
async function silentUpstream() {
  const arrived: IncomingMessage[] = [];
  const dropped: string[] = [];
  const waiting: (() => void)[] = [];
  const server = createServer((req) => {
    arrived.push(req);
    req.resume();
    req.socket.once('close', () => {
      dropped.push(req.url ?? '');
      for (const wake of waiting.splice(0)) wake();
    });
    for (const wake of waiting.splice(0)) wake();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closing.push(() => {
    server.closeAllConnections();
    return new Promise((resolve) => server.close(resolve));
  });
  const until = async (done: () => boolean) => {
    while (!done()) await new Promise<void>((resolve) => waiting.push(resolve));
  };
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, arrived, dropped, until };
}

/** Sends a request and cuts the connection once the upstream has it. */
function sendThenLeave(proxy: RunningProxy, path: string, body: string, upstreamHasIt: () => Promise<void>): Promise<void> {
  return new Promise((resolve) => {
    const req = request(`${proxy.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': 'k', 'content-length': Buffer.byteLength(body) } });
    req.on('error', () => resolve());
    req.end(body);
    void upstreamHasIt().then(() => {
      req.destroy();
      resolve();
    });
  });
}

describe('a client that leaves', () => {
  for (const mode of ['off', 'lossless'] as const) {
    it(`stops the upstream call it started (compression ${mode === 'off' ? 'off' : 'on'})`, async () => {
      const upstream = await silentUpstream();
      const proxy = await startProxy({ port: 0, anthropicUpstream: upstream.url, store: createMemoryStore(), compressors: [minifyJson], mode, outboundProxy: false });
      closing.push(() => proxy.close());
      const body = JSON.stringify({ model: 'm', max_tokens: 1, messages: [{ role: 'user', content: 'hi' }] });
      await sendThenLeave(proxy, '/v1/messages', body, () => upstream.until(() => upstream.arrived.length > 0));
      // The proxy drops its upstream request (its connection closes) instead of waiting for an answer nobody reads.
      await upstream.until(() => upstream.dropped.length > 0);
      expect(upstream.dropped).toEqual(['/v1/messages']);
    });
  }
});
