import { isHeadroomError } from '@headroom/core';
import { isLoopbackBind } from '@headroom/proxy/config';
import type { Command } from 'commander';
import type { CliDeps } from '../cli-deps.js';
import { writeFully } from '../cli-io.js';
import { parsePort } from '../internal/parse-port.js';
import { untilSignal } from '../internal/until-signal.js';
import { usageError } from '../internal/usage-error.js';
import { cliPricing } from './stats.js';

export interface DashboardFlags {
  readonly port?: string;
  readonly host?: string;
  readonly token?: string;
  readonly pricing?: string;
}

export const DEFAULT_DASHBOARD_PORT = 8788;

export function registerDashboard(program: Command, deps: CliDeps, setExit: (code: number) => void): void {
  program
    .command('dashboard')
    .description("serve the dashboard of the local store (the page the proxy serves at /dashboard) and print its URL; Ctrl-C to stop")
    .option('--port <port>', `port to listen on, 0 for any free one (default ${DEFAULT_DASHBOARD_PORT})`)
    .option('--host <host>', 'address to listen on (default 127.0.0.1); any other needs --token')
    .option('--token <token>', 'require this token (env HEADROOM_PROXY_TOKEN); the printed URL carries it for the browser')
    .option('--pricing <file>', 'prices per model (JSON); default $HEADROOM_HOME/pricing.json over the built-in table')
    .action(async (flags: DashboardFlags) => setExit(await runDashboard(flags, deps)));
}

/** Serves until `stop` resolves (default: SIGINT or SIGTERM). */
export async function runDashboard(flags: DashboardFlags, deps: CliDeps, stop: () => Promise<unknown> = untilSignal): Promise<number> {
  const { io } = deps;
  const port = flags.port === undefined ? DEFAULT_DASHBOARD_PORT : parsePort(flags.port, 'port');
  const host = flags.host?.trim() || '127.0.0.1';
  const token = flags.token ?? (io.env.HEADROOM_PROXY_TOKEN?.trim() || undefined);
  if (token !== undefined && token.trim() === '') throw usageError('--token must not be empty');
  if (!isLoopbackBind(host) && token === undefined) throw usageError(`listening on ${host} exposes the dashboard beyond this machine: set --token (or HEADROOM_PROXY_TOKEN)`);
  const pricing = await cliPricing(deps, flags.pricing);
  const { startDashboard } = await import('@headroom/proxy');
  // The worker-thread store: a lock held by a running proxy never stalls the page.
  const store = await deps.openProxyStore(3000);
  try {
    let dashboard: Awaited<ReturnType<typeof startDashboard>>;
    try {
      dashboard = await startDashboard({ store, pricing, port, host, ...(token !== undefined ? { token } : {}) });
    } catch (error) {
      if (isHeadroomError(error)) throw error;
      io.stderr.write(`headroom: cannot start the dashboard on ${host}:${port}: ${error instanceof Error ? error.message : String(error)}\n`);
      return 1;
    }
    const stopped = stop();
    // The URL a browser can open: with the token in it when there is one (the page drops it from its address at once).
    await writeFully(io.stdout, `${dashboard.url}${token !== undefined ? `?token=${encodeURIComponent(token)}` : ''}\n`);
    io.stderr.write(`headroom: dashboard of ${deps.storeLocation} on ${dashboard.url} (pricing ${pricing.version}); Ctrl-C to stop\n`);
    await stopped;
    await dashboard.close();
    return 0;
  } finally {
    await store.close();
  }
}
