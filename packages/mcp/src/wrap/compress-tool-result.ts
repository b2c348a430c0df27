import { LOCAL_TENANT, type Pipeline } from '@headroom/core';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

/**
 * A wrapped tool's result with each large text block compressed through the pipeline (which
 * decides what is large: below its `minTokens` a block passes through). Error results pass
 * through whole: an error is what the model must read. Other block types and `structuredContent`
 * are untouched (a client validates the latter against the tool's output schema).
 * `handedOut` receives every ref the result now carries, so `headroom_retrieve` can answer them.
 */
export async function compressToolResult(pipeline: Pipeline, result: CallToolResult, toolName: string, handedOut: Set<string>): Promise<CallToolResult> {
  if (result.isError === true || !Array.isArray(result.content)) return result;
  let changed = false;
  const content = await Promise.all(
    result.content.map(async (block) => {
      if (block.type !== 'text') return block;
      let compressed: Awaited<ReturnType<Pipeline['compress']>>;
      try {
        compressed = await pipeline.compress(block.text, { tenant: LOCAL_TENANT, toolName, role: 'tool' });
      } catch {
        return block; // Fail open: the pipeline records its own failures; a bug here must not lose the result.
      }
      if (!compressed.compressed) return block;
      changed = true;
      if (compressed.ref) handedOut.add(compressed.ref);
      for (const marker of compressed.markers) handedOut.add(marker.ref);
      return { ...block, text: compressed.text };
    }),
  );
  return changed ? { ...result, content } : result;
}
