import { summarizeLedger } from '@headroom/core';
import type { Command } from 'commander';
import { type CliDeps, withStore } from '../cli-deps.js';
import { writeFully } from '../cli-io.js';
import { renderStats } from '../internal/render-stats.js';

export interface StatsFlags {
  readonly json?: boolean;
}

export function registerStats(program: Command, deps: CliDeps, setExit: (code: number) => void): void {
  program
    .command('stats')
    .description('savings, requests and retrievals recorded in the store (CLI, proxy and MCP alike)')
    .option('--json', 'print the summary as JSON')
    .action(async (flags: StatsFlags) => setExit(await runStats(flags, deps)));
}

export async function runStats(flags: StatsFlags, deps: CliDeps): Promise<number> {
  const summary = summarizeLedger(await withStore(deps, (store) => store.ledger.read()));
  const text = flags.json ? `${JSON.stringify(summary, null, 2)}\n` : renderStats(summary, deps.storeLocation);
  await writeFully(deps.io.stdout, text);
  return 0;
}
