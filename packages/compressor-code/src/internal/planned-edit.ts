import type { OffloadMeta } from '@headroom/core';
import type { SyntaxNode } from './backend.js';
import type { QueryMatcher } from './query-matcher.js';

/** Text a placeholder is made of: new text, or a range of the input copied as it is. */
export type Piece = string | { readonly from: number; readonly to: number };

/** One omission the skeleton will make: the range is offloaded and `render(marker)` takes its place. */
export interface PlannedEdit {
  readonly start: number;
  readonly end: number;
  /** `body`: a function body; `docs`: the comments of a type's body; `comment`; `literal`: a data literal. */
  readonly kind: 'body' | 'docs' | 'comment' | 'literal';
  readonly summary: string;
  /** What replaces the range; it must keep the file parseable in its language. */
  render(marker: string): readonly Piece[];
}

/** A stretch of the output and where it comes from: copied from input offset `origin`, or new text standing at `origin`. */
export interface Chunk {
  readonly text: string;
  readonly origin: number;
  readonly copied: boolean;
}

export interface SkeletonSettings {
  /** Bodies spanning at most this many lines stay. */
  readonly maxBodyLines: number;
  /** Comment runs and docstrings spanning at most this many lines stay. */
  readonly maxCommentLines: number;
  /** Data literals (objects, arrays, dicts) spanning at most this many lines stay. */
  readonly maxLiteralLines: number;
  readonly query: QueryMatcher | undefined;
}

export const lineSpan = (node: SyntaxNode): number => node.endPosition.row - node.startPosition.row + 1;

export const lineRange = (node: SyntaxNode): string => `lines ${node.startPosition.row + 1}-${node.endPosition.row + 1}`;

/**
 * Offloads every planned range and splices the placeholders in. Offload happens only here, so a
 * plan that is dropped (nothing worth eliding) stores nothing. `original(start, end)` gives the
 * text to store for a range (the input itself, or the input with its line-number prefixes).
 */
export function applyEdits(
  text: string,
  edits: readonly PlannedEdit[],
  offload: (original: string, meta: OffloadMeta) => string,
  original: (start: number, end: number) => string = (start, end) => text.slice(start, end),
): Chunk[] {
  const sorted = [...edits].sort((a, b) => a.start - b.start);
  const chunks: Chunk[] = [];
  const copy = (from: number, to: number) => {
    if (to > from) chunks.push({ text: text.slice(from, to), origin: from, copied: true });
  };
  let position = 0;
  for (const edit of sorted) {
    if (edit.start < position) continue; // nested in an earlier edit: its text is already offloaded
    copy(position, edit.start);
    const marker = offload(original(edit.start, edit.end), { summary: edit.summary, kind: edit.kind });
    for (const piece of edit.render(marker)) {
      if (typeof piece === 'string') chunks.push({ text: piece, origin: edit.start, copied: false });
      else copy(piece.from, piece.to);
    }
    position = edit.end;
  }
  copy(position, text.length);
  return chunks;
}

export const joinChunks = (chunks: readonly Chunk[]): string => chunks.map((chunk) => chunk.text).join('');

/** For each line of the joined output, the 0-based input line its first character comes from. */
export function originRows(chunks: readonly Chunk[], text: string): number[] {
  const lineStarts = [0];
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) lineStarts.push(at + 1);
  const rowOf = (offset: number) => {
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (lineStarts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return low;
  };
  const rows: number[] = [];
  let atLineStart = true;
  for (const chunk of chunks) {
    for (let i = 0; i < chunk.text.length; i++) {
      if (atLineStart) rows.push(rowOf(chunk.copied ? chunk.origin + i : chunk.origin));
      atLineStart = chunk.text.charCodeAt(i) === 10;
    }
  }
  if (atLineStart) rows.push(rows.length > 0 ? rowOf(text.length) : 0);
  return rows;
}

/** The first meaningful line of a comment or docstring, stripped of its delimiters, one line, bounded. */
export function previewLine(raw: string): string {
  for (const line of raw.split('\n')) {
    const clean = stripClosing(line.replace(/^\s*(\/\*+!?|\/\/+|#+|\*+|[rRbBuUfF]{0,2}("""|'''|"|'))?/, '')).trim();
    if (clean.length > 0) return clean.length > 80 ? `${clean.slice(0, 77)}...` : clean;
  }
  return '';
}

/**
 * `line` without a closing `*\/`, `"""` or `'''` (and the spaces after it) at its end. A scan from
 * the end, not `/(\*+\/|""")\s*$/`: that regex restarted at every star of a banner line, O(n²).
 */
function stripClosing(line: string): string {
  let end = line.length;
  while (end > 0 && /\s/.test(line[end - 1]!)) end--;
  const body = line.slice(0, end);
  if (body.endsWith('"""') || body.endsWith("'''")) return body.slice(0, -3);
  if (!body.endsWith('*/')) return line;
  let start = end - 1;
  while (start > 0 && body[start - 1] === '*') start--;
  return body.slice(0, start);
}

/** A marker costs about 30 tokens (~110 chars): a comment is collapsed only when that buys back at least ~20 more. */
export function worthACommentMarker(raw: string, preview: string): boolean {
  return raw.length - preview.length - 110 >= 80;
}
