import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BENCH_REPLY } from '../../proxy/internal/bench-reply.js';

// The cluster bench's local upstream, in its own process: reads every body to the end and
// answers a small, fixed Messages response at once (as the proxy section's upstream does).
// Prints its URL on stdout; SIGTERM stops it.

const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(BENCH_REPLY) });
    res.end(BENCH_REPLY);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => process.stdout.write(`http://127.0.0.1:${(server.address() as AddressInfo).port}\n`));
process.once('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
