import type { ServerResponse } from 'node:http';
import { ERROR_STATUS, errorModuleOf, type ProviderErrorKind } from '@headroom/core';
import type { Provider } from './route.js';

/** What went wrong, in the proxy's own words; mapped to each provider's error vocabulary by its module. */
export type ProxyErrorKind = ProviderErrorKind;

/** The error body a client of `provider` knows how to show. Messages are prefixed so users see who answered. */
export function errorBody(provider: Provider, kind: ProxyErrorKind, message: string): object {
  return errorModuleOf(provider).errorBody(kind, `headroom proxy: ${message}`);
}

/** The same error as one SSE event, for a stream whose headers are already sent. */
export function errorEvent(provider: Provider, kind: ProxyErrorKind, message: string): string {
  return errorModuleOf(provider).errorEvent(kind, `headroom proxy: ${message}`);
}

export function sendError(res: ServerResponse, provider: Provider, kind: ProxyErrorKind, message: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = JSON.stringify(errorBody(provider, kind, message));
  res.writeHead(ERROR_STATUS[kind], { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-headroom-error': kind });
  res.end(body);
}
