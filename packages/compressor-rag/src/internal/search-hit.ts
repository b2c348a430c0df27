/** One line of a search result (a match or a context line), or one hit of a JSON search API. */
export interface SearchHit {
  readonly file: string;
  /** 1-based line number, when the tool printed one. */
  readonly line: number | undefined;
  /** A match (`path:12:`) rather than a context line (`path-12-`). */
  readonly match: boolean;
  /** The matched line's text (or a JSON hit's snippet), exactly as printed. */
  readonly content: string;
  /** The exact input text of this hit: a whole output line, or a JSON element verbatim. */
  readonly raw: string;
  /** Index of this hit in its `SearchResults.hits`. */
  readonly order: number;
  /** A relevance score the search tool gave, when it gave one. */
  readonly score?: number;
  /** Context group (`-C`): hits printed together between `--` separators share a group. */
  readonly group: number;
}

/** What a search output holds: its hits, and the lines that are not hits (errors, notices). */
export interface SearchResults {
  readonly kind: 'grep' | 'rg-json' | 'json';
  readonly hits: readonly SearchHit[];
  /** Lines that are neither hits nor separators: `grep: x: Permission denied`, `Binary file y matches`. */
  readonly notices: readonly string[];
  /** For JSON: fields with one value in every hit (`repository`, `branch`), shown once. */
  readonly constants?: readonly string[];
  /** For JSON: the fields not shown per hit (behind the whole-output marker). */
  readonly hiddenFields?: readonly string[];
}
