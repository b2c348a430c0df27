import { computeFigures, loadPricing, type PricingTable, summarizeLedger } from '@headroom/core';
import { headroomHome } from '@headroom/store-sqlite';
import type { Command } from 'commander';
import { type CliDeps, withStore } from '../cli-deps.js';
import { writeFully } from '../cli-io.js';
import { parseSince } from '../internal/parse-since.js';
import { renderStats, STATS_BREAKDOWNS, type StatsBreakdown } from '../internal/render-stats.js';
import { usageError } from '../internal/usage-error.js';

export interface StatsFlags {
  readonly json?: boolean;
  readonly since?: string;
  readonly by?: string;
  readonly pricing?: string;
}

export function registerStats(program: Command, deps: CliDeps, setExit: (code: number) => void): void {
  program
    .command('stats')
    .description('savings, dollars, requests, retrievals and failures recorded in the store (CLI, proxy and MCP alike)')
    .option('--json', 'print the figures as JSON (the same document the proxy serves at /stats)')
    .option('--since <when>', 'only events since a duration ago (24h, 7d, 2w) or a date (2026-11-01, UTC)')
    .option('--by <breakdown>', `one breakdown: ${STATS_BREAKDOWNS.join(', ')}`)
    .option('--pricing <file>', 'prices per model (JSON); default $HEADROOM_HOME/pricing.json over the built-in table')
    .action(async (flags: StatsFlags) => setExit(await runStats(flags, deps)));
}

/** Prices for the CLI's commands: `--pricing FILE`, else `$HEADROOM_HOME/pricing.json` when it exists, over the built-in table. */
export function cliPricing(deps: CliDeps, file: string | undefined): Promise<PricingTable> {
  return loadPricing({ ...(file !== undefined ? { file } : {}), home: headroomHome(deps.io.env) });
}

export async function runStats(flags: StatsFlags, deps: CliDeps): Promise<number> {
  if (flags.by !== undefined && !(STATS_BREAKDOWNS as readonly string[]).includes(flags.by)) {
    throw usageError(`--by takes one of ${STATS_BREAKDOWNS.join(', ')}, got ${JSON.stringify(flags.by)}`);
  }
  const since = flags.since !== undefined ? parseSince(flags.since, Date.now()) : undefined;
  const pricing = await cliPricing(deps, flags.pricing);
  // The whole ledger from the store's totals; a window is summed from its rows. Same figures.
  const summary = await withStore(deps, async (store) =>
    since === undefined && store.ledger.summary ? store.ledger.summary() : summarizeLedger(await store.ledger.read(since === undefined ? {} : { since })),
  );
  const figures = computeFigures(summary, { pricing, ...(since !== undefined ? { since } : {}) });
  const text = flags.json
    ? `${JSON.stringify(figures, null, 2)}\n`
    : renderStats(figures, { location: deps.storeLocation, ...(flags.by ? { by: flags.by as StatsBreakdown } : {}), ...(flags.since ? { sinceLabel: flags.since } : {}) });
  await writeFully(deps.io.stdout, text);
  return 0;
}
