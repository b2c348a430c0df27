import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';

export interface TappedRequest {
  readonly method: string;
  readonly path: string;
  readonly body: Buffer;
}

export interface RecordingTap {
  readonly url: string;
  /** What the client sent, byte for byte, before the proxy saw it. */
  readonly requests: readonly TappedRequest[];
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive']);

/**
 * A loopback pass-through placed between a real client and the proxy: it records each request
 * exactly as the client sent it and relays it, streaming the answer back. Comparing its records
 * with what the upstream received shows everything the proxy changed.
 */
export async function startRecordingTap(target: string): Promise<RecordingTap> {
  const requests: TappedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      const body = Buffer.concat(chunks);
      requests.push({ method: req.method ?? 'GET', path: req.url ?? '/', body });
      try {
        const upstream = await fetch(`${target}${req.url ?? '/'}`, {
          method: req.method ?? 'GET',
          headers: forwardable(req.headers),
          ...(req.method === 'GET' || req.method === 'HEAD' ? {} : { body }),
        });
        // fetch has already decoded any content-encoding, so that header no longer applies.
        const headers = [...upstream.headers].filter(([name]) => !HOP_BY_HOP.has(name) && name !== 'content-encoding');
        res.writeHead(upstream.status, Object.fromEntries(headers));
        if (upstream.body) Readable.fromWeb(upstream.body).pipe(res);
        else res.end();
      } catch (error) {
        res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(String(error));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function forwardable(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || HOP_BY_HOP.has(name)) continue;
    out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}
