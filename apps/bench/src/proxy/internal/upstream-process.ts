import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { memoryReply, serveChild } from './child-protocol.js';

// The local upstream of the proxy bench, run in its own process so that its work is not
// counted against the proxy. It reads every body to the end and answers a small, fixed,
// non-streaming Messages response: at once, or after `x-bench-delay-ms` milliseconds (the
// time a model takes), which the proxy forwards like any other header.
const RESPONSE = JSON.stringify({
  id: 'msg_bench',
  type: 'message',
  role: 'assistant',
  model: 'claude-sonnet-4-5',
  content: [{ type: 'text', text: 'The deploy failed because the datanode ran out of disk.' }],
  stop_reason: 'end_turn',
  stop_sequence: null,
  usage: { input_tokens: 1000, output_tokens: 12 },
});

let requests = 0;
let bytes = 0;
const server = createServer((req, res) => {
  req.on('data', (chunk: Buffer) => {
    bytes += chunk.length;
  });
  req.on('end', () => {
    requests += 1;
    const answer = () => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(RESPONSE) });
      res.end(RESPONSE);
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
