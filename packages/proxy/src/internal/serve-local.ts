import type { IncomingMessage, ServerResponse } from 'node:http';
import { type Figures, type HeadroomStore, LOCAL_TENANT, type PricingTable } from '@headroom/core';
import { dashboardPage } from '@headroom/dashboard';
import { isLoopbackAddress, isLoopbackHostHeader } from './access.js';
import { figuresOf, sinceOf } from './figures-of.js';
import { sendError } from './provider-error.js';
import { renderMetrics } from './render-metrics.js';
import type { Route } from './route.js';

export interface LocalContext {
  readonly store: HeadroomStore;
  readonly startedAt: number;
  /** Prices for the dollar figures; default the built-in table. */
  readonly pricing?: PricingTable;
  /** True when the request carried the valid proxy token. */
  readonly authenticated: boolean;
}

function send(req: IncomingMessage, res: ServerResponse, status: number, contentType: string, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store', ...headers });
  res.end(req.method === 'HEAD' ? undefined : body);
}

/** `/livez`, `/readyz`, `/stats`, `/metrics`, `/dashboard`: answered by the proxy itself, never forwarded. */
export async function serveLocal(route: Extract<Route, { kind: 'local' }>, req: IncomingMessage, res: ServerResponse, context: LocalContext): Promise<void> {
  if (route.name === 'livez') {
    send(req, res, 200, 'application/json', JSON.stringify({ status: 'ok', uptimeMs: Date.now() - context.startedAt }));
    return;
  }
  if (route.name === 'readyz') {
    // A write, not a read: a full disk or a locked, deleted or read-only database fails writes first.
    // The reason is a code only: the store's own message may name a local path.
    try {
      await context.store.memo.set(LOCAL_TENANT, 'proxy-readyz', READY_PROBE, 60_000);
      send(req, res, 200, 'application/json', JSON.stringify({ status: 'ready' }));
    } catch {
      send(req, res, 503, 'application/json', JSON.stringify({ status: 'unavailable', code: 'store_unavailable' }));
    }
    return;
  }
  // Stats reveal what flows through the proxy: only this machine (checked by peer AND Host, so a
  // DNS-rebinding page cannot read them through the user's browser) or a token holder may see them.
  if (!context.authenticated && !(isLoopbackAddress(req.socket.remoteAddress) && isLoopbackHostHeader(req.headers.host))) {
    sendError(res, route.provider, 'forbidden', `/${route.name} is only served to loopback clients addressing a loopback host, or with x-headroom-token`);
    return;
  }
  if (route.name === 'dashboard') {
    const page = await dashboardPage();
    send(req, res, 200, 'text/html; charset=utf-8', page.html, {
      'content-security-policy': page.contentSecurityPolicy,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'x-frame-options': 'DENY',
    });
    return;
  }
  let figures: Figures;
  try {
    figures = await figuresOf(context.store, context.pricing, sinceOf(req.url ?? ''));
  } catch (error) {
    send(req, res, 503, 'application/json', JSON.stringify({ status: 'unavailable', reason: `store: ${error instanceof Error ? error.message : String(error)}` }));
    return;
  }
  if (route.name === 'stats') send(req, res, 200, 'application/json', JSON.stringify(figures));
  else send(req, res, 200, 'text/plain; version=0.0.4; charset=utf-8', renderMetrics(figures));
}

const READY_PROBE = { text: '', compressor: 'proxy-readyz', contentType: '', tokensBefore: 0, tokensAfter: 0, refs: [] };
