import { DEFAULT_LEDGER_RETENTION_MS } from '@headroom/store-sqlite';
import type { Command } from 'commander';
import { type CliDeps, withStore } from '../cli-deps.js';
import { writeFully } from '../cli-io.js';
import { parseSince } from '../internal/parse-since.js';

export interface PruneFlags {
  readonly olderThan?: string;
}

const DEFAULT_OLDER_THAN = `${DEFAULT_LEDGER_RETENTION_MS / 86_400_000}d`;

export function registerPrune(program: Command, deps: CliDeps, setExit: (code: number) => void): void {
  program
    .command('prune')
    .description('delete ledger rows older than a duration or a date (expired originals and memo entries go too)')
    .option('--older-than <when>', `a duration (30m, 24h, 30d, 2w) or a date (2026-11-01, UTC); default ${DEFAULT_OLDER_THAN}, the retention the proxy applies`)
    .action(async (flags: PruneFlags) => setExit(await runPrune(flags, deps)));
}

export async function runPrune(flags: PruneFlags, deps: CliDeps): Promise<number> {
  const olderThan = flags.olderThan ?? DEFAULT_OLDER_THAN;
  const before = parseSince(olderThan, Date.now(), '--older-than');
  // Opening the store deletes expired originals and memo entries; prune takes the ledger rows.
  const removed = await withStore(deps, async (store) => (store.ledger.prune ? store.ledger.prune(before) : 0));
  await writeFully(deps.io.stdout, `headroom: pruned ${removed.toLocaleString('en-US')} ledger row${removed === 1 ? '' : 's'} older than ${olderThan} (before ${new Date(before).toISOString()})\n`);
  return 0;
}
