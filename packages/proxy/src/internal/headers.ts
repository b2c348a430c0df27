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

const NO_TOKENS: ReadonlySet<string> = new Set();

/** Distinct Connection values whose tokens are remembered; past this many the table starts over. */
const MAX_CONNECTION_VALUES = 64;
// Clients and upstreams send the same Connection value (`keep-alive`) on every request: its tokens
// are split once, not on each request and response.
const tokensOf = new Map<string, ReadonlySet<string>>();

function connectionTokens(value: string | undefined): ReadonlySet<string> {
  if (!value) return NO_TOKENS;
  let tokens = tokensOf.get(value);
  if (tokens === undefined) {
    if (tokensOf.size >= MAX_CONNECTION_VALUES) tokensOf.clear();
    tokens = new Set(value.split(',').map((t) => t.trim().toLowerCase()).filter(Boolean));
    tokensOf.set(value, tokens);
  }
  return tokens;
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

/**
 * The upstream's response headers for the client, minus hop-by-hop ones, then `extra` (which
 * replaces an upstream header of the same name), as the flat `[name, value, ...]` list
 * `writeHead` takes. Content-length stays (bodies are not changed) unless `withoutLength`.
 */
export function clientResponseHeaders(
  headers: IncomingHttpHeaders | Record<string, string | string[] | undefined>,
  extra?: Readonly<Record<string, string>>,
  withoutLength = false,
): (string | string[])[] {
  const connection = headers.connection;
  const named = connectionTokens(Array.isArray(connection) ? connection.join(',') : connection);
  const out: (string | string[])[] = [];
  for (const name in headers) {
    const value = headers[name];
    if (value === undefined || named.has(name) || (extra !== undefined && Object.hasOwn(extra, name))) continue;
    if (DROPPED.has(name) && (withoutLength || name !== 'content-length')) continue;
    out.push(name, value);
  }
  if (extra !== undefined) for (const name in extra) out.push(name, extra[name]!);
  return out;
}
