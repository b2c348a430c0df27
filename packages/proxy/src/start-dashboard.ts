import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type HeadroomStore, HeadroomError, type PricingTable } from '@headroom/core';
import { isLoopbackBind, tokenMatches } from './internal/access.js';
import { presentedToken } from './internal/presented-token.js';
import { sendError } from './internal/provider-error.js';
import { routeOf } from './internal/route.js';
import { serveLocal } from './internal/serve-local.js';

export interface StatsHandlerOptions {
  readonly store: HeadroomStore;
  /** Prices for the dollar figures. Default: the built-in table. */
  readonly pricing?: PricingTable;
  /** When set, every request must present it (header, or `?token=` on /dashboard), as on the proxy. */
  readonly token?: string;
}

/**
 * `/dashboard`, `/stats`, `/metrics`, `/livez` and `/readyz` of a store, with the proxy's access
 * rules, as a mountable `(req, res)` handler: what `headroom dashboard` serves for the local store,
 * and what an app can mount beside its own routes. Anything else is 404.
 */
export function createStatsHandler(options: StatsHandlerOptions): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const startedAt = Date.now();
  return async (req, res) => {
    const route = routeOf(req.method ?? 'GET', req.url ?? '/', req.headers);
    const authenticated = options.token !== undefined && tokenMatches(presentedToken(req, route), options.token);
    if (options.token !== undefined && !authenticated) {
      res.shouldKeepAlive = false;
      sendError(res, route.provider, 'unauthorized', 'missing or wrong x-headroom-token');
      return;
    }
    if (route.kind !== 'local') {
      const body = JSON.stringify({ error: { type: 'not_found', message: 'only /dashboard, /stats, /metrics, /livez and /readyz are served here' } });
      res.writeHead(404, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
      return;
    }
    await serveLocal(route, req, res, { store: options.store, startedAt, authenticated, ...(options.pricing ? { pricing: options.pricing } : {}) });
  };
}

export interface StartDashboardOptions extends StatsHandlerOptions {
  /** Default 8788; 0 picks a free port. */
  readonly port?: number;
  /** Default 127.0.0.1. Any other address requires `token`. */
  readonly host?: string;
}

export interface RunningDashboard {
  /** The page's address (`http://host:port/dashboard`), without the token. */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** Serves `createStatsHandler` on its own port. */
export async function startDashboard(options: StartDashboardOptions): Promise<RunningDashboard> {
  const host = options.host ?? '127.0.0.1';
  if (!isLoopbackBind(host) && !options.token) {
    throw new HeadroomError('invalid_argument', `binding ${host} exposes the dashboard beyond this machine; set a token (x-headroom-token) to do that`);
  }
  const handle = createStatsHandler(options);
  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) sendError(res, 'openai', 'internal', 'unexpected dashboard failure');
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8788, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const shown = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
  return {
    url: `http://${shown}:${port}/dashboard`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
