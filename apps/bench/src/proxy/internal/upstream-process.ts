import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BENCH_REPLY } from './bench-reply.js';
import { memoryReply, serveChild } from './child-protocol.js';

// The local upstream of the proxy bench, run in its own process so that its work is not
// counted against the proxy. It reads every body to the end and answers a small, fixed,
// non-streaming Messages response: at once, or after `x-bench-delay-ms` milliseconds (the
// time a model takes), which the proxy forwards like any other header.

let requests = 0;
let bytes = 0;
const server = createServer((req, res) => {
  req.on('data', (chunk: Buffer) => {
    bytes += chunk.length;
  });
  req.on('end', () => {
    requests += 1;
    const answer = () => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(BENCH_REPLY) });
      res.end(BENCH_REPLY);
    };
    const delayMs = Number(req.headers['x-bench-delay-ms'] ?? 0);
    if (delayMs > 0) setTimeout(answer, delayMs);
    else answer();
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.send?.({ type: 'ready', url: `http://127.0.0.1:${port}` });
});

serveChild(async (request) => {
  if (request.type === 'stats') return { type: 'stats', requests, bytes };
  if (request.type === 'memory') return memoryReply();
  if (request.type === 'ledger') return { type: 'ledger', addedLatencyMs: [] };
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  return { type: 'closed' };
});
