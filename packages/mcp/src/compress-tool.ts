import type { Pipeline, PipelineResult } from '@headroom/core';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { textResult, toolError } from './internal/tool-result.js';

export const COMPRESS_TOOL_NAME = 'headroom_compress';

export const COMPRESS_TOOL_DESCRIPTION =
  'Compresses a large piece of text (JSON, logs, code, command output) before you keep it in context: errors, warnings, ' +
  'query matches and the shape of the data stay visible, everything omitted is replaced by a <<headroom: ... ref=REF>> ' +
  'marker whose original headroom_retrieve returns byte for byte. Use it on content of more than a few hundred lines you ' +
  'need to reason about but not read in full. Pass query to keep what is relevant to your question visible.';

/** 16 MiB: larger content is refused with a tool error rather than held in memory. */
export const MAX_CONTENT_CHARS = 16 * 1024 * 1024;

export const compressInputShape = {
  content: z.string().max(MAX_CONTENT_CHARS).describe('The text to compress, exactly as produced.'),
  query: z.string().max(1000).optional().describe('What you are looking for: matching rows and lines stay visible.'),
};

export interface CompressToolInput {
  readonly content: string;
  readonly query?: string | undefined;
}

/**
 * `headroom_compress`: the compressed text (with its markers) as the first block, one line of
 * figures as the second. Content nothing can shrink comes back unchanged, with the reason.
 */
export async function runCompressTool(pipeline: Pipeline, input: CompressToolInput, tenant: string): Promise<CallToolResult> {
  if (input.content.length === 0) return toolError('content is empty: pass the text to compress.');
  let result: PipelineResult;
  try {
    result = await pipeline.compress(input.content, { tenant, ...(input.query ? { query: input.query } : {}), toolName: COMPRESS_TOOL_NAME });
  } catch {
    // The pipeline fails open by itself; anything that still escapes is a bug, and the content
    // is better returned whole than lost.
    return textResult(input.content, 'headroom: not compressed (internal error; recorded in the ledger where possible)');
  }
  return textResult(result.text, describe(result));
}

function describe(result: PipelineResult): string {
  if (!result.compressed) return `headroom: not compressed (${result.code ?? 'unknown'}: ${result.reason ?? ''}); the text above is the original.`;
  const saved = result.tokensBefore === 0 ? 0 : Math.round((1000 * (result.tokensBefore - result.tokensAfter)) / result.tokensBefore) / 10;
  const markers = result.markers.length;
  return (
    `headroom: ${result.compressor} compressed ${result.tokensBefore} → ${result.tokensAfter} tokens (−${saved}%)` +
    `${result.exact ? '' : ', estimated'}; ${markers} marker${markers === 1 ? '' : 's'}; whole original: ref=${result.ref}` +
    ' (headroom_retrieve with hash=REF, optionally query=TEXT).'
  );
}
