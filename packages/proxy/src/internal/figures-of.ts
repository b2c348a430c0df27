import { computeFigures, DEFAULT_PRICING, type Figures, type HeadroomStore, type PricingTable, summarizeLedger } from '@headroom/core';

/**
 * The figures of a store: the whole ledger from the store's running totals (no re-read per
 * scrape); a window (`since`) or a store without totals is summed from its rows. Either way the
 * same `computeFigures` turns it into what `/stats`, `/metrics` and `/dashboard` show.
 */
export async function figuresOf(store: HeadroomStore, pricing: PricingTable = DEFAULT_PRICING, since?: number): Promise<Figures> {
  const { ledger } = store;
  const summary = since === undefined && ledger.summary ? await ledger.summary() : summarizeLedger(await ledger.read(since === undefined ? {} : { since }));
  return computeFigures(summary, { pricing, ...(since !== undefined ? { since } : {}) });
}

/** `?since=` as milliseconds since the epoch or an ISO date. */
export function sinceOf(url: string): number | undefined {
  const query = url.indexOf('?');
  if (query === -1) return undefined;
  const value = new URLSearchParams(url.slice(query + 1)).get('since');
  if (!value) return undefined;
  const parsed = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  return Number.isFinite(parsed) ? parsed : undefined;
}
