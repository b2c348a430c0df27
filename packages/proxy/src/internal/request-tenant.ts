import type { IncomingHttpHeaders } from 'node:http';
import { tenantOf } from '@headroom/core';

/**
 * The tenant of a request, from what authenticates the client to its provider: the API key
 * (`x-api-key`, `x-goog-api-key`, or Gemini's `?key=` in the URL) or the bearer token. A request with neither is the local tenant
 * (a proxy whose clients send no credential serves one user). A client whose token rotates (OAuth
 * refresh) becomes a new tenant: its history is compressed afresh under it, to the same bytes.
 */
export function requestTenant(headers: IncomingHttpHeaders, url = '/'): string {
  const apiKey = headers['x-api-key'] ?? headers['x-goog-api-key'] ?? keyInQuery(url);
  if (typeof apiKey === 'string' && apiKey !== '') return tenantOfKey(apiKey);
  const authorization = headers.authorization;
  const bearer = typeof authorization === 'string' ? /^bearer\s+(\S+)/i.exec(authorization)?.[1] : undefined;
  return bearer === undefined ? tenantOf(undefined) : tenantOfKey(bearer);
}

/** Credentials whose tenant is remembered; past this many the table starts over. */
const MAX_KNOWN = 1024;
// A client sends the same key on every request, and a SHA-256 (a hash object each time) was a
// visible part of a resent request's cost. Only keys the process holds anyway while it forwards
// them; bounded, so a client with ever new keys cannot grow it.
const known = new Map<string, string>();

function tenantOfKey(key: string): string {
  let tenant = known.get(key);
  if (tenant === undefined) {
    if (known.size >= MAX_KNOWN) known.clear();
    tenant = tenantOf(`key:${key}`);
    known.set(key, tenant);
  }
  return tenant;
}

/** Gemini clients may send their key as `?key=` instead of a header. */
function keyInQuery(url: string): string | undefined {
  const query = url.indexOf('?');
  if (query === -1) return undefined;
  return new URLSearchParams(url.slice(query + 1)).get('key') ?? undefined;
}
