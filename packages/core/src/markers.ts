import { HeadroomError } from './errors.js';
import { normalizeRef } from './hash.js';

/**
 * The one marker grammar:
 *
 *   <<headroom: SUMMARY ref=REF>>
 *
 * SUMMARY says what was omitted and how much, in the input's units ("87 rows omitted (2-88)").
 * It is limited to letters, digits, spaces and `. , : ; ( ) - + # % / = _ @ '` so that a marker
 * can sit inside a JSON string, a `/* *\/` comment, a `#` comment or a log line without escaping.
 * REF is 24 lowercase hex characters (96 bits of SHA-256 of the original; see `refOf`).
 */
export const MARKER_PREFIX = '<<headroom: ';
const MARKER_PATTERN = /<<headroom: ([^<>\n]{0,200}?) ref=([0-9a-fA-F]{24})>>/g;
const SUMMARY_MAX = 160;

export interface Marker {
  readonly ref: string;
  readonly summary: string;
  /** Offset of the marker in the text it was parsed from. */
  readonly index: number;
  /** The marker exactly as it appears in the text. */
  readonly text: string;
}

/** Something sanitizeSummary would change: a character outside the grammar, or spaces to collapse or trim. */
const NOT_CLEAN = /[^A-Za-z0-9 .,:;()\-+#%/=_@']| {2}|^ | $/;

/** Replaces characters the grammar does not allow in a summary, and bounds its length. */
export function sanitizeSummary(summary: string): string {
  // Compressors write most summaries clean already: one scan instead of two replaces and a trim.
  if (summary.length <= SUMMARY_MAX && !NOT_CLEAN.test(summary)) return summary;
  const clean = summary
    .replace(/[^A-Za-z0-9 .,:;()\-+#%/=_@']/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return clean.length > SUMMARY_MAX ? `${clean.slice(0, SUMMARY_MAX - 3)}...` : clean;
}

export function createMarker(ref: string, summary: string): string {
  const normalized = normalizeRef(ref);
  if (!normalized) throw new HeadroomError('invalid_argument', `not a Headroom ref: ${JSON.stringify(ref)}`);
  return `${MARKER_PREFIX}${sanitizeSummary(summary)} ref=${normalized}>>`;
}

/** Every marker in `text`, in order. Refs are normalized to lowercase. */
export function parseMarkers(text: string): Marker[] {
  if (!text.includes(MARKER_PREFIX)) return [];
  const markers: Marker[] = [];
  for (const match of text.matchAll(MARKER_PATTERN)) {
    markers.push({
      ref: match[2]!.toLowerCase(),
      summary: match[1]!,
      index: match.index,
      text: match[0],
    });
  }
  return markers;
}

/** True when `text` carries at least one marker. */
export function hasMarkers(text: string): boolean {
  return parseMarkers(text).length > 0;
}
