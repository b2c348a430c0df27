import type { Json } from '../formats/slot.js';
import type { RequestFormat } from '../providers/provider-module.js';
import { markersInRequest } from './request-markers.js';
import { retrieveToolFor, withRetrieveTool } from './retrieve-tool.js';

export interface PreparedRetrieval {
  /** The body as sent: the compressed body with the retrieve tool appended (continuations build on it). */
  readonly body: Record<string, unknown>;
  /** The tool to splice into the request bytes; undefined when the client's body already has it. */
  readonly tool: Json | undefined;
  /** Which tool produced the content behind each ref (for the miss message). */
  readonly toolFor: ReadonlyMap<string, string | undefined>;
}

/**
 * When the compressed body carries markers (new ones, or ones resent in the history), the model
 * gets the retrieve tool. The decision reads only the body, so the tool list is the same on every
 * turn of a conversation once a marker has appeared in it. Nothing here serializes the body: the
 * tool is spliced into the client's bytes, which works at any nesting depth.
 */
export function prepareRetrieval(body: unknown, format: RequestFormat): PreparedRetrieval | undefined {
  const markers = markersInRequest(body, format);
  if (markers.length === 0) return undefined;
  const withTool = withRetrieveTool(body as Record<string, unknown>, format);
  return {
    body: withTool,
    tool: withTool === body ? undefined : retrieveToolFor(format),
    toolFor: new Map(markers.map((m) => [m.ref, m.toolName])),
  };
}
