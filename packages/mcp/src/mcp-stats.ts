import { computeFigures, DEFAULT_PRICING, type Figures, type HeadroomStore, LOCAL_TENANT, type PricingTable, summarizeLedger } from '@headroom/core';

/**
 * The figures `headroom_stats` reports: `computeFigures` over the ledger, the one definition
 * `headroom stats --json`, the proxy's `/stats` and the dashboard also use. The local tenant
 * (stdio, or loopback HTTP without a token) is the store's owner and sees every row, exactly like
 * the CLI; a token's tenant sees only its own rows, so one client never learns what another compressed.
 */
export async function mcpStats(store: HeadroomStore, tenant: string, pricing: PricingTable = DEFAULT_PRICING): Promise<Figures> {
  const events = await store.ledger.read();
  if (tenant === LOCAL_TENANT) return computeFigures(summarizeLedger(events), { pricing });
  return computeFigures(summarizeLedger(events.filter((event) => event.tenant === tenant)), { pricing });
}
