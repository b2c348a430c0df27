import type { HeadroomStore } from '@headroom/core';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { textResult, toolError } from './internal/tool-result.js';
import { mcpStats } from './mcp-stats.js';

export const STATS_TOOL_NAME = 'headroom_stats';

export const STATS_TOOL_DESCRIPTION =
  'Reports what Headroom has saved: tokens before and after (in total, by compressor, tool, model, tenant and hour), dollars saved, ' +
  'requests, retrievals and failures, as JSON (the figures of `headroom stats --json`). Use it when asked how much Headroom saves.';

/** `headroom_stats`: the summary as `headroom stats --json` prints it (2-space JSON). */
export async function runStatsTool(store: HeadroomStore, tenant: string): Promise<CallToolResult> {
  try {
    return textResult(JSON.stringify(await mcpStats(store, tenant), null, 2));
  } catch {
    // The store's own message may name local paths: the model gets a code, the operator the ledger.
    return toolError('headroom_stats: the store is unavailable (store_unavailable).');
  }
}
