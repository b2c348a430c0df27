import { markersInRequest, type RequestFormat, withRetrieveTool } from '@headroom/core';

export interface PreparedRetrieval {
  /** The body to send: the compressed body with the retrieve tool appended. */
  readonly body: Record<string, unknown>;
  readonly bytes: Buffer;
  /** Which tool produced the content behind each ref (for the miss message). */
  readonly toolFor: ReadonlyMap<string, string | undefined>;
}

/**
 * When the compressed body carries markers (new ones, or ones resent in the history), the model
 * gets the retrieve tool. The decision reads only the body, so the tool list is the same on every
 * turn of a conversation once a marker has appeared in it.
 */
export function prepareRetrieval(body: unknown, format: RequestFormat): PreparedRetrieval | undefined {
  const markers = markersInRequest(body, format);
  if (markers.length === 0) return undefined;
  const withTool = withRetrieveTool(body as Record<string, unknown>, format);
  return {
    body: withTool,
    bytes: Buffer.from(JSON.stringify(withTool), 'utf8'),
    toolFor: new Map(markers.map((m) => [m.ref, m.toolName])),
  };
}
