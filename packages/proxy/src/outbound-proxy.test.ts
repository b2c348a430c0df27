import { createServer } from 'node:http';
import { type AddressInfo, connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, send, startHarness } from './internal/test-kit.js';

/** A minimal HTTP CONNECT proxy that counts the tunnels it opened. */
async function startConnectProxy() {
  const tunnels: string[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((_req, res) => {
    res.writeHead(405).end();
  });
  server.on('connect', (req, client: Socket, head: Buffer) => {
    tunnels.push(req.url ?? '');
    const [host, port] = (req.url ?? '').split(':');
    const target = connect(Number(port), host!, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      target.write(head);
      target.pipe(client);
      client.pipe(target);
    });
    for (const socket of [client, target]) {
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => sockets.delete(socket));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    tunnels,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

let harness: Harness;
let outbound: Awaited<ReturnType<typeof startConnectProxy>>;
afterEach(async () => {
  await harness?.close();
  await outbound?.close();
});

describe('outbound HTTP proxy', () => {
  it('reaches the upstream through HTTP_PROXY', async () => {
    outbound = await startConnectProxy();
    harness = await startHarness({ outboundProxy: { httpProxy: outbound.url } });
    const answer = await send(`${harness.proxy.url}/v1/chat/completions`, { body: JSON.stringify({ model: 'gpt-4o', messages: [] }) });
    expect(answer.status).toBe(200);
    expect(outbound.tunnels).toEqual([new URL(harness.upstream.url).host]);
    expect(harness.upstream.requests).toHaveLength(1);
  });

  it('goes direct for hosts in NO_PROXY', async () => {
    outbound = await startConnectProxy();
    harness = await startHarness({ outboundProxy: { httpProxy: outbound.url, noProxy: 'localhost,127.0.0.1' } });
    expect((await send(`${harness.proxy.url}/v1/models`)).status).toBe(200);
    expect(outbound.tunnels).toEqual([]);
  });
});
