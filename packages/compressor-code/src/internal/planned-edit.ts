import type { OffloadMeta } from '@headroom/core';
import type { SyntaxNode } from './backend.js';
import type { QueryMatcher } from './query-matcher.js';

/** One omission the skeleton will make: the range is offloaded and `render(marker)` takes its place. */
export interface PlannedEdit {
  readonly start: number;
  readonly end: number;
  /** `body`: a function body; `docs`: the comments of a type's body; `comment`; `literal`: a data literal. */
  readonly kind: 'body' | 'docs' | 'comment' | 'literal';
  readonly summary: string;
  /** Must return a single line that keeps the file parseable in its language. */
  render(marker: string): string;
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
 * plan that is dropped (nothing worth eliding) stores nothing.
 */
export function applyEdits(text: string, edits: readonly PlannedEdit[], offload: (original: string, meta: OffloadMeta) => string): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start);
  const parts: string[] = [];
  let position = 0;
  for (const edit of sorted) {
    if (edit.start < position) continue; // nested in an earlier edit: its text is already offloaded
    parts.push(text.slice(position, edit.start));
    parts.push(edit.render(offload(text.slice(edit.start, edit.end), { summary: edit.summary, kind: edit.kind })));
    position = edit.end;
  }
  parts.push(text.slice(position));
  return parts.join('');
}

/** The first meaningful line of a comment or docstring, stripped of its delimiters, one line, bounded. */
export function previewLine(raw: string): string {
  for (const line of raw.split('\n')) {
    const clean = line
      .replace(/^\s*(\/\*+!?|\/\/+|#+|\*+|[rRbBuUfF]{0,2}("""|'''|"|'))?/, '')
      .replace(/(\*+\/|"""|''')\s*$/, '')
      .trim();
    if (clean.length > 0) return clean.length > 120 ? `${clean.slice(0, 117)}...` : clean;
  }
  return '';
}

/** A marker costs about 30 tokens (~110 chars): a comment is collapsed only when that buys back at least ~20 more. */
export function worthACommentMarker(raw: string, preview: string): boolean {
  return raw.length - preview.length - 110 >= 80;
}
