import type { IncomingMessage } from 'node:http';
import type { Route } from './route.js';

/**
 * The proxy token a request presents: the `x-headroom-token` header, or, for the dashboard page
 * only, `?token=` in its address, since a browser opening a link cannot add a header. The page
 * takes the token out of its address at once and sends the header on every `/stats` call.
 */
export function presentedToken(req: IncomingMessage, route: Route): string | string[] | undefined {
  const header = req.headers['x-headroom-token'];
  if (header !== undefined || route.kind !== 'local' || route.name !== 'dashboard') return header;
  const url = req.url ?? '';
  const query = url.indexOf('?');
  if (query === -1) return undefined;
  const values = new URLSearchParams(url.slice(query + 1)).getAll('token');
  // Two tokens is no token: the comparison takes a single string.
  return values.length === 1 ? values[0] : undefined;
}
