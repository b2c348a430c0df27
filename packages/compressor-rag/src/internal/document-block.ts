/** A block of a document: a heading, a code block, a table or a run of text. */
export interface DocBlock {
  readonly kind: 'heading' | 'code' | 'table' | 'text' | 'meta';
  /** Offsets of the block in the input (the HTML source for a page). */
  readonly start: number;
  readonly end: number;
  /** What a reader sees: the source slice for Markdown, reST and prose; extracted text for HTML. */
  readonly text: string;
  /** Heading level, 1 = top; 0 for other blocks. */
  readonly level: number;
}

export interface ParsedDocument {
  readonly format: 'markdown' | 'rst' | 'html' | 'text' | 'documents';
  readonly blocks: readonly DocBlock[];
}
