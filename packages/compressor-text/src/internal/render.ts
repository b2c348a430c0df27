import type { CompressContext } from '@headroom/core';
import { indentOf } from './lines.js';

/** What a family decided: which lines stay visible, and how to say what a run of the others was. */
export interface Selection {
  readonly lines: readonly string[];
  /** 1 = visible. Every other line ends up behind a marker (or stays, when a marker would cost more). */
  readonly keep: Uint8Array;
  /** What lines `from`..`to` (exclusive) are, in the command's own words: "212 more entries in src/". */
  describe(from: number, to: number): string;
  /** Stored with each original, for stats ("entries", "rows", "passed"). */
  readonly kind: string;
  /** Marker lines take the indentation of the first line they replace (trees, indented sections). */
  readonly indent?: boolean;
  /** 1 where a run of omitted lines must end before this line (a marker per file of a compiler's errors). */
  readonly breaks?: Uint8Array;
  /** Line ranges replaced by text another compressor made (a diff, with its own markers): start → [end, text]. */
  readonly replacements?: ReadonlyMap<number, readonly [number, string]>;
}

export interface Rendered {
  readonly text: string;
  readonly omittedLines: number;
  readonly markers: number;
}

/** A marker costs about this many characters besides its summary: `<<headroom:  ref=…>>` and a newline. */
const MARKER_OVERHEAD = 45;

/**
 * Visible lines in their order, each run of omitted lines replaced by one marker line whose
 * original is that run, byte-exact. A run is omitted only when its marker is clearly shorter than
 * the run; otherwise it stays verbatim. Lines are never altered.
 *
 * `text`, when given, is what `selection.lines` were split from (`text.split('\n')`): a run's
 * original is then cut from it rather than joined again from its lines.
 */
export function renderSelection(selection: Selection, context: CompressContext, text?: string): Rendered {
  // Read once: each family's selection has its own shape, so a property read per line would be megamorphic.
  const { lines, keep, replacements, breaks } = selection;
  const out: string[] = [];
  let omittedLines = 0;
  let markers = 0;
  let i = 0;
  // Offset in `text` of line i (kept in step only while `text` is given).
  let at = 0;
  while (i < lines.length) {
    const replacement = replacements?.get(i);
    if (replacement) {
      out.push(replacement[1]);
      if (text !== undefined) for (let k = i; k < replacement[0]; k++) at += lines[k]!.length + 1;
      i = replacement[0];
      continue;
    }
    if (keep[i]) {
      out.push(lines[i]!);
      at += lines[i]!.length + 1;
      i++;
      continue;
    }
    let j = i;
    let chars = 0;
    while (j < lines.length && !keep[j] && (j === i || (!replacements?.has(j) && !breaks?.[j]))) {
      chars += lines[j]!.length + 1;
      j++;
    }
    // A run too short for any marker stays without being described (describing is the costly part).
    const suffix = ` (lines ${i + 1}-${j})`;
    const worth = j - i >= 2 && chars > suffix.length + MARKER_OVERHEAD + 24;
    const summary = worth ? `${selection.describe(i, j)}${suffix}` : '';
    if (worth && chars > summary.length + MARKER_OVERHEAD + 24) {
      const original = text !== undefined ? text.slice(at, at + chars - 1) : lines.slice(i, j).join('\n');
      const marker = context.offload(original, { summary, kind: selection.kind });
      out.push(selection.indent ? indentOf(lines[i]!) + marker : marker);
      omittedLines += j - i;
      markers++;
    } else {
      for (let k = i; k < j; k++) out.push(lines[k]!);
    }
    at += chars;
    i = j;
  }
  return { text: out.join('\n'), omittedLines, markers };
}

/** Sets `keep[from..to)` (clamped). */
export function keepRange(keep: Uint8Array, from: number, to: number): void {
  const end = Math.min(keep.length, to);
  for (let k = Math.max(0, from); k < end; k++) keep[k] = 1;
}
