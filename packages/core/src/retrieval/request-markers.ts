import { locateSlots, type RequestFormat } from '../formats/compress-request.js';
import { parseMarkers } from '../markers.js';

/**
 * The refs carried by a request's compressible content (tool results, documents), anywhere in its
 * history. A pure function of the body, so the decision to offer the retrieve tool is the same
 * every time the same history is sent.
 */
export function markersInRequest(body: unknown, format: RequestFormat): string[] {
  const refs = new Set<string>();
  for (const slot of locateSlots(body, format).slots) {
    if (slot.kind === 'user_text') continue;
    for (const marker of parseMarkers(slot.text)) refs.add(marker.ref);
  }
  return [...refs];
}
