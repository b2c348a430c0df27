import type { Json } from '../formats/slot.js';
import type { RequestFormat } from '../providers/provider-module.js';
import { markersInRequest } from './request-markers.js';
import { declaresTools, retrieveToolFor, withRetrieveTool } from './retrieve-tool.js';

export interface PreparedRetrieval {
  /** The body as sent: the compressed body with the retrieve tool appended (continuations build on it). */
  readonly body: Record<string, unknown>;
  /** The tool to splice into the request bytes; undefined when the client's body already has it. */
  readonly tool: Json | undefined;
  /** Which tool produced the content behind each ref (for the miss message). */
  readonly toolFor: ReadonlyMap<string, string | undefined>;
}

export interface PrepareRetrievalOptions {
  /** See `markersInRequest`. */
  readonly unmarked?: (text: string) => boolean;
  /**
   * Offer the tool to a request that declares tools of its own before it carries any marker (from
   * the conversation's first request on). Default true; false where a conversation step decides by
   * cost when the first marker, and so the tool, goes out (`ConversationStep.decidesRetrieveTool`).
   */
  readonly offerBeforeMarkers?: boolean;
}

/**
 * The model gets the retrieve tool on any request that carries markers (new ones, or ones resent in
 * the history) and, unless `offerBeforeMarkers` is false, on every request that declares tools of
 * its own, from a conversation's first request on. Providers cache the tool list first: a tool that
 * appeared with the first marker would rewrite the whole cached prefix, so by default a conversation
 * with tools has it from the start and its first marker changes only the block it lands in; a
 * conversation step that weighs that rewrite against what the markers save turns this off. A
 * request with the tool but no marker answers every call with the ordinary miss (`toolFor` is
 * empty). The decision reads only the body, so it is the same on every turn. Nothing here
 * serializes the body: the tool is spliced into the client's bytes, which works at any nesting depth.
 */
export function prepareRetrieval(body: unknown, format: RequestFormat, options: PrepareRetrievalOptions = {}): PreparedRetrieval | undefined {
  const markers = markersInRequest(body, format, options.unmarked);
  if (markers.length === 0 && (options.offerBeforeMarkers === false || !declaresTools(body, format))) return undefined;
  const withTool = withRetrieveTool(body as Record<string, unknown>, format);
  return {
    body: withTool,
    tool: withTool === body ? undefined : retrieveToolFor(format),
    toolFor: new Map(markers.map((m) => [m.ref, m.toolName])),
  };
}
