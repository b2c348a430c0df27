import type { IncomingHttpHeaders } from 'node:http';

/** Hop-by-hop headers (RFC 9110 §7.6.1) and the ones the proxy recomputes. */
const DROPPED = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
  'content-length',
  // undici refuses `expect`; node has already answered `100-continue` by the time a body is read.
  'expect',
]);

function connectionTokens(value: string | undefined): Set<string> {
  if (!value) return new Set();
  return new Set(value.split(',').map((t) => t.trim().toLowerCase()).filter(Boolean));
}

/**
 * The client's headers as a flat [name, value, ...] list for the upstream request, original case
 * and order kept, minus hop-by-hop headers, headers named in `Connection`, and every `x-headroom-*`
 * header. Auth headers pass untouched.
 */
export function upstreamRequestHeaders(rawHeaders: readonly string[], connection: string | undefined, extra: readonly string[] = []): string[] {
  const named = connectionTokens(connection);
  const out: string[] = [];
  const overridden = new Set<string>();
  for (let i = 0; i < extra.length; i += 2) overridden.add(extra[i]!.toLowerCase());
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!;
    const lower = name.toLowerCase();
    if (DROPPED.has(lower) || named.has(lower) || lower.startsWith('x-headroom-') || overridden.has(lower)) continue;
    out.push(name, rawHeaders[i + 1]!);
  }
  out.push(...extra);
  return out;
}

/** The upstream's response headers for the client, minus hop-by-hop ones. Content-length stays: bodies are not changed. */
export function clientResponseHeaders(headers: IncomingHttpHeaders | Record<string, string | string[] | undefined>): Record<string, string | string[]> {
  const connection = headers.connection;
  const named = connectionTokens(Array.isArray(connection) ? connection.join(',') : connection);
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || named.has(name)) continue;
    if (DROPPED.has(name) && name !== 'content-length') continue;
    out[name] = value;
  }
  return out;
}
