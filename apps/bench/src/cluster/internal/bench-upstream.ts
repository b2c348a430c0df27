import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

// The cluster bench's local upstream, in its own process: reads every body to the end and
// answers a small, fixed Messages response at once (as the proxy section's upstream does).
// Prints its URL on stdout; SIGTERM stops it.
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

const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(RESPONSE) });
    res.end(RESPONSE);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => process.stdout.write(`http://127.0.0.1:${(server.address() as AddressInfo).port}\n`));
process.once('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
