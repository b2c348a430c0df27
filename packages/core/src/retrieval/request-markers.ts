import { locateSlots, type RequestFormat } from '../formats/compress-request.js';
import { parseMarkers } from '../markers.js';

export interface RequestMarker {
  readonly ref: string;
  /** The tool whose result carries the marker, when the request says. */
  readonly toolName?: string;
}

/**
 * The markers carried by a request's compressible content (tool results, documents), anywhere in
 * its history, once per ref. A pure function of the body, so the decision to offer the retrieve
 * tool is the same every time the same history is sent. `unmarked` names texts already known to
 * carry no marker (a host that scanned them elsewhere), which are not searched again.
 */
export function markersInRequest(body: unknown, format: RequestFormat, unmarked?: (text: string) => boolean): RequestMarker[] {
  const found = new Map<string, RequestMarker>();
  for (const slot of locateSlots(body, format).slots) {
    if (slot.kind === 'user_text' || unmarked?.(slot.text)) continue;
    for (const marker of parseMarkers(slot.text)) {
      if (!found.has(marker.ref)) found.set(marker.ref, { ref: marker.ref, ...(slot.toolName ? { toolName: slot.toolName } : {}) });
    }
  }
  return [...found.values()];
}
