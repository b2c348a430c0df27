import type { IncomingHttpHeaders } from 'node:http';
import { tenantOf } from '@headroom/core';

/**
 * The tenant of a request, from what authenticates the client to its provider: the API key
 * (`x-api-key`, `x-goog-api-key`) or the bearer token. A request with neither is the local tenant
 * (a proxy whose clients send no credential serves one user). A client whose token rotates (OAuth
 * refresh) becomes a new tenant: its history is compressed afresh under it, to the same bytes.
 */
export function requestTenant(headers: IncomingHttpHeaders): string {
  const apiKey = headers['x-api-key'] ?? headers['x-goog-api-key'];
  if (typeof apiKey === 'string' && apiKey !== '') return tenantOf(`key:${apiKey}`);
  const authorization = headers.authorization;
  const bearer = typeof authorization === 'string' ? /^bearer\s+(\S+)/i.exec(authorization)?.[1] : undefined;
  return tenantOf(bearer === undefined ? undefined : `key:${bearer}`);
}
