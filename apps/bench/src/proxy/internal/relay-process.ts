import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent } from 'undici';
import { memoryReply, serveChild } from './child-protocol.js';

// The floor any Node proxy can reach here: a bare node:http server relaying each request to the
// upstream with undici (keep-alive pool), streaming both bodies, no parsing, no checks.
// argv: <upstream url>.
const upstream = process.argv[2] ?? '';
const agent = new Agent({ connections: 128 });
const HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'host', 'upgrade', 'proxy-connection']);
const server = createServer(async (req, res) => {
  try {
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(req.headers)) if (value !== undefined && !HOP.has(name)) headers[name] = value;
    const answer = await agent.request({ origin: upstream, path: req.url ?? '/', method: req.method as 'POST', headers, body: req });
    const out: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(answer.headers)) if (value !== undefined && !HOP.has(name)) out[name] = value;
    res.writeHead(answer.statusCode, out);
    for await (const chunk of answer.body) res.write(chunk);
    res.end();
  } catch {
    if (!res.headersSent) res.writeHead(502);
    res.end();
  }
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => process.send?.({ type: 'ready', url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }));

serveChild(async (request) => {
  if (request.type === 'memory') return memoryReply();
  if (request.type === 'ledger') return { type: 'ledger', addedLatencyMs: [] };
  if (request.type === 'stats') return { type: 'stats', requests: 0, bytes: 0 };
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await agent.close();
  return { type: 'closed' };
});
