import { type Dispatcher, EnvHttpProxyAgent, Pool } from 'undici';
import type { Provider } from './route.js';

/** Outbound proxy settings; each defaults to the usual environment variables. */
export interface OutboundProxy {
  readonly httpProxy?: string;
  readonly httpsProxy?: string;
  readonly noProxy?: string;
}

export interface Upstream {
  readonly origin: string;
  /** Path prefix of the configured upstream URL ('' or '/something'), prepended to every request path. */
  readonly basePath: string;
  readonly dispatcher: Dispatcher;
}

export interface Upstreams {
  get(provider: Provider): Upstream;
  close(): Promise<void>;
}

const env = (...names: string[]): string | undefined => {
  for (const name of names) {
    const value = process.env[name];
    if (value) return value;
  }
  return undefined;
};

/**
 * One undici Pool per upstream (keep-alive, no per-request connection setup). When an HTTP(S)
 * proxy is configured, one EnvHttpProxyAgent serves every upstream instead; it applies NO_PROXY.
 */
export function createUpstreams(urls: Record<Provider, string>, outbound: OutboundProxy | false | undefined): Upstreams {
  const settings =
    outbound === false
      ? {}
      : {
          httpProxy: outbound?.httpProxy ?? env('http_proxy', 'HTTP_PROXY'),
          httpsProxy: outbound?.httpsProxy ?? env('https_proxy', 'HTTPS_PROXY'),
          noProxy: outbound?.noProxy ?? env('no_proxy', 'NO_PROXY'),
        };
  const proxied =
    settings.httpProxy || settings.httpsProxy
      ? new EnvHttpProxyAgent({ httpProxy: settings.httpProxy ?? '', httpsProxy: settings.httpsProxy ?? '', noProxy: settings.noProxy ?? '' })
      : undefined;
  const make = (raw: string): Upstream => {
    const url = new URL(raw);
    const basePath = url.pathname.replace(/\/+$/, '');
    return { origin: url.origin, basePath, dispatcher: proxied ?? new Pool(url.origin, { keepAliveTimeout: 30_000 }) };
  };
  const byProvider = { anthropic: make(urls.anthropic), openai: make(urls.openai), google: make(urls.google) };
  return {
    get: (provider) => byProvider[provider],
    async close() {
      const dispatchers = new Set(Object.values(byProvider).map((u) => u.dispatcher));
      await Promise.all([...dispatchers].map((d) => d.destroy()));
    },
  };
}
