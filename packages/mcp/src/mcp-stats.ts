import { type HeadroomStore, LOCAL_TENANT, type LedgerSummary, summarizeLedger } from '@headroom/core';

/**
 * The figures `headroom_stats` reports: `summarizeLedger` over the ledger, the one definition
 * `headroom stats --json` also uses. The local tenant (stdio, or loopback HTTP without a token) is
 * the store's owner and sees every row, exactly like the CLI; a token's tenant sees only its own
 * rows, so one client never learns what another compressed.
 */
export async function mcpStats(store: HeadroomStore, tenant: string): Promise<LedgerSummary> {
  const events = await store.ledger.read();
  if (tenant === LOCAL_TENANT) return summarizeLedger(events);
  return summarizeLedger(events.filter((event) => event.tenant === tenant));
}
