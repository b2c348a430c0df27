import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { percentile, roundRobinLoad } from './internal/round-robin-load.js';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

async function counting(status = 200): Promise<{ url: string; bodies: string[] }> {
  const bodies: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      bodies.push(body);
      res.writeHead(status).end('{}');
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, bodies };
}

describe('roundRobinLoad', () => {
  it('sends request i to replica i mod n, each body once, and counts non-200 answers as errors', async () => {
    const a = await counting();
    const b = await counting(503);
    const result = await roundRobinLoad([a.url, b.url], 4, 10, (i) => `body ${i}`);
    expect(a.bodies.sort()).toEqual(['body 0', 'body 2', 'body 4', 'body 6', 'body 8']);
    expect(b.bodies.sort()).toEqual(['body 1', 'body 3', 'body 5', 'body 7', 'body 9']);
    expect(result.latenciesMs).toHaveLength(10);
    expect(result.errors).toBe(5);
  });

  it('takes percentiles by nearest rank', () => {
    expect(percentile([5, 1, 4, 2, 3], 50)).toBe(3);
    expect(percentile([5, 1, 4, 2, 3], 99)).toBe(5);
    expect(percentile([], 50)).toBeNaN();
  });
});
