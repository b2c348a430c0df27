import type { IncomingHttpHeaders } from 'node:http';
import { moduleForPath, type ProviderName, type RequestFormat } from '@headroom/core';

export type Provider = ProviderName;

export type Route =
  /** Served by the proxy itself. */
  | { readonly kind: 'local'; readonly name: 'livez' | 'readyz' | 'stats' | 'metrics' | 'dashboard'; readonly provider: Provider }
  /** A model call whose body the proxy may compress. */
  | { readonly kind: 'model'; readonly provider: Provider; readonly format: RequestFormat; readonly name: string }
  /** Everything else: forwarded byte-for-byte to the provider's upstream. */
  | { readonly kind: 'passthrough'; readonly provider: Provider; readonly name: string };

const LOCAL_ROUTES = new Set(['livez', 'readyz', 'stats', 'metrics', 'dashboard']);

/**
 * Which provider owns a path that is not a known model route: Google when the request carries
 * `x-goog-api-key` or names a Gemini API resource under `/v1beta` or `/v1alpha` (`/v1/models` is
 * OpenAI's model list unless the Google key header says otherwise); Anthropic when it carries
 * an Anthropic header (`anthropic-version`, `anthropic-beta`, `x-api-key`) or its path is one only
 * Anthropic serves (`/v1/messages...`, `/v1/complete`, `/api/...`); OpenAI otherwise.
 */
function providerOf(path: string, headers: IncomingHttpHeaders): Provider {
  if (headers['x-goog-api-key'] !== undefined || /^\/(v1beta|v1alpha)\/(models|cachedContents|files|tunedModels)(\/|$)/.test(path) || path.startsWith('/upload/')) return 'google';
  if (headers['anthropic-version'] !== undefined || headers['anthropic-beta'] !== undefined || headers['x-api-key'] !== undefined) {
    return 'anthropic';
  }
  if (path.startsWith('/v1/messages') || path === '/v1/complete' || path.startsWith('/api/')) return 'anthropic';
  return 'openai';
}

/** Classifies a request by method and path (the query string is ignored for routing, kept for forwarding). */
export function routeOf(method: string, url: string, headers: IncomingHttpHeaders): Route {
  const query = url.indexOf('?');
  const path = query === -1 ? url : url.slice(0, query);
  const model = method === 'POST' ? moduleForPath(path) : undefined;
  if (model) return { kind: 'model', provider: model.provider, format: model.format, name: path };
  const local = path.slice(1);
  if ((method === 'GET' || method === 'HEAD') && LOCAL_ROUTES.has(local)) {
    return { kind: 'local', name: local as 'livez', provider: providerOf(path, headers) };
  }
  return { kind: 'passthrough', provider: providerOf(path, headers), name: path };
}
