import { summarizeLedger } from '@headroom/core';
import type { Command } from 'commander';
import { type CliDeps, withStore } from '../cli-deps.js';
import { writeFully } from '../cli-io.js';
import { parseSince } from '../internal/parse-since.js';
import { renderStats } from '../internal/render-stats.js';

export interface StatsFlags {
  readonly json?: boolean;
  readonly since?: string;
}

export function registerStats(program: Command, deps: CliDeps, setExit: (code: number) => void): void {
  program
    .command('stats')
    .description('savings, requests and retrievals recorded in the store (CLI, proxy and MCP alike)')
    .option('--json', 'print the summary as JSON')
    .option('--since <when>', 'only events since a duration ago (24h, 7d, 2w) or a date (2026-11-01, UTC)')
    .action(async (flags: StatsFlags) => setExit(await runStats(flags, deps)));
}

export async function runStats(flags: StatsFlags, deps: CliDeps): Promise<number> {
  const query = flags.since !== undefined ? { since: parseSince(flags.since, Date.now()) } : {};
  // The whole ledger from the store's totals; a window is summed from its rows. Same figures.
  const summary = await withStore(deps, async (store) =>
    flags.since === undefined && store.ledger.summary ? store.ledger.summary() : summarizeLedger(await store.ledger.read(query)),
  );
  const text = flags.json ? `${JSON.stringify(summary, null, 2)}\n` : renderStats(summary, deps.storeLocation);
  await writeFully(deps.io.stdout, text);
  return 0;
}
