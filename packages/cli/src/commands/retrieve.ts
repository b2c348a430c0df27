import { createPipeline, normalizeRef, parseMarkers } from '@headroom/core';
import type { Command } from 'commander';
import { type CliDeps, withStore } from '../cli-deps.js';
import { writeFully } from '../cli-io.js';
import { usageError } from '../internal/usage-error.js';

export function registerRetrieve(program: Command, deps: CliDeps, setExit: (code: number) => void): void {
  program
    .command('retrieve')
    .description('print the original behind a ref, byte for byte')
    .argument('<ref>', 'a ref (24 hex characters) or a whole marker <<headroom: ... ref=REF>>')
    .action(async (ref: string) => setExit(await runRetrieve(ref, deps)));
}

export async function runRetrieve(argument: string, deps: CliDeps): Promise<number> {
  // Accept a pasted marker as well as a bare ref: that is what the user has in front of them.
  const ref = parseMarkers(argument)[0]?.ref ?? normalizeRef(argument);
  if (!ref) throw usageError(`${JSON.stringify(argument)} is not a Headroom ref (24 hex characters, the ref=... of a marker)`);
  // The local user reads their own store: every tenant of it (proxy clients' originals included).
  const stored = await withStore(deps, (store) => createPipeline({ compressors: [], store, policy: { source: 'cli' } }).retrieve(ref, { allTenants: true }));
  if (!stored) {
    deps.io.stderr.write(`headroom: no original for ref ${ref} in ${deps.storeLocation} (never stored here, or expired)\n`);
    return 1;
  }
  await writeFully(deps.io.stdout, stored.original);
  return 0;
}
