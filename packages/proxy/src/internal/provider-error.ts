import type { ServerResponse } from 'node:http';
import type { Provider } from './route.js';

/** What went wrong, in the proxy's own words; mapped to each provider's error vocabulary. */
export type ProxyErrorKind =
  | 'bad_request'
  | 'unauthorized'
  | 'forbidden'
  | 'too_large'
  | 'unsupported'
  | 'upstream_unreachable'
  | 'upstream_timeout'
  | 'internal';

const STATUS: Record<ProxyErrorKind, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  too_large: 413,
  unsupported: 501,
  upstream_unreachable: 502,
  upstream_timeout: 504,
  internal: 500,
};

const ANTHROPIC_TYPE: Record<ProxyErrorKind, string> = {
  bad_request: 'invalid_request_error',
  unauthorized: 'authentication_error',
  forbidden: 'permission_error',
  too_large: 'request_too_large',
  unsupported: 'invalid_request_error',
  upstream_unreachable: 'api_error',
  upstream_timeout: 'api_error',
  internal: 'api_error',
};

const OPENAI_TYPE: Record<ProxyErrorKind, string> = {
  bad_request: 'invalid_request_error',
  unauthorized: 'invalid_request_error',
  forbidden: 'invalid_request_error',
  too_large: 'invalid_request_error',
  unsupported: 'invalid_request_error',
  upstream_unreachable: 'server_error',
  upstream_timeout: 'server_error',
  internal: 'server_error',
};


/** The error body a client of `provider` knows how to show. Messages are prefixed so users see who answered. */
export function errorBody(provider: Provider, kind: ProxyErrorKind, message: string): object {
  const text = `headroom proxy: ${message}`;
  return provider === 'anthropic'
    ? { type: 'error', error: { type: ANTHROPIC_TYPE[kind], message: text } }
    : { error: { message: text, type: OPENAI_TYPE[kind], code: `headroom_${kind}`, param: null } };
}

/** The same error as one SSE event, for a stream whose headers are already sent. */
export function errorEvent(provider: Provider, kind: ProxyErrorKind, message: string): string {
  const data = JSON.stringify(errorBody(provider, kind, message));
  return provider === 'anthropic' ? `event: error\ndata: ${data}\n\n` : `data: ${data}\n\n`;
}

export function sendError(res: ServerResponse, provider: Provider, kind: ProxyErrorKind, message: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = JSON.stringify(errorBody(provider, kind, message));
  res.writeHead(STATUS[kind], { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-headroom-error': kind });
  res.end(body);
}
