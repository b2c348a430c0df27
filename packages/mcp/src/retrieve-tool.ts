import { normalizeRef, type Pipeline, parseMarkers, RETRIEVE_TOOL_NAME, retrievalResultText } from '@headroom/core';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { matchingParts } from './internal/matching-parts.js';
import { textResult, toolError } from './internal/tool-result.js';

export { RETRIEVE_TOOL_NAME };

export const RETRIEVE_TOOL_DESCRIPTION =
  'Returns the original content omitted behind a <<headroom: ... ref=REF>> marker, byte for byte. Call it with the ref as hash ' +
  'when the visible text is not enough to answer. Pass query to get only the lines of the original that contain it (or any of ' +
  'its words), each prefixed with its line number: much smaller than the whole original when you look for something specific.';

export const retrieveInputShape = {
  hash: z.string().min(1).max(4096).describe('The 24 hex characters after ref= in a <<headroom: ...>> marker (the whole marker works too).'),
  query: z.string().min(1).max(1000).optional().describe('Only return the lines of the original that contain this text or any of its words.'),
};

export interface RetrieveToolInput {
  readonly hash: string;
  readonly query?: string | undefined;
}

export interface RetrieveToolScope {
  /** The caller's tenant: refs of any other tenant are misses. */
  readonly tenant: string;
  /** When set, only refs it accepts are looked up (the compressing front: refs it handed out). */
  readonly allows?: (ref: string) => boolean;
}

/**
 * `headroom_retrieve`: the original behind a ref, or with `query` its matching lines. A ref of
 * another tenant, or one this scope never handed out, reads exactly like one that never existed.
 */
export async function runRetrieveTool(pipeline: Pipeline, input: RetrieveToolInput, scope: RetrieveToolScope): Promise<CallToolResult> {
  const ref = parseMarkers(input.hash)[0]?.ref ?? normalizeRef(input.hash);
  if (!ref) return toolError(retrievalResultText(input.hash, undefined));
  if (scope.allows && !scope.allows(ref)) return toolError(retrievalResultText(ref, undefined));
  const stored = await pipeline.retrieve(ref, { tenant: scope.tenant, source: 'mcp' });
  if (!stored) return toolError(retrievalResultText(ref, undefined, undefined));
  if (input.query === undefined) return textResult(stored.original);
  const parts = matchingParts(stored.original, input.query);
  if (parts.matchedLines === 0) {
    return textResult(`No line of the original behind ref ${ref} (${parts.totalLines} lines) contains ${JSON.stringify(input.query)}. Call ${RETRIEVE_TOOL_NAME} without query for all of it.`);
  }
  const header = `${parts.matchedLines} of ${parts.totalLines} lines of ref ${ref} match ${JSON.stringify(input.query)} (LINE:text; LINE:COLUMN:…text… inside long lines):`;
  return textResult(`${header}\n${parts.text}`);
}
