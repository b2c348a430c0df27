import { HeadroomError } from '@headroom/core';

export interface RagCompressorOptions {
  /**
   * Without a token target, the visible body aims at this share of the input's tokens (outline,
   * query matches and markers come on top). A `context.target` overrides it. Default: 0.1.
   */
  readonly keepRatio?: number;
  /** The same share for search results, whose query matches are kept on top of it. Default: 0.03. */
  readonly searchKeepRatio?: number;
  /** The visible body never aims below this many tokens, so a short input keeps its gist. Default: 60. */
  readonly minKeepTokens?: number;
  /** Search results: files that get their own marker (the rest share one). Default: 6. */
  readonly maxFileMarkers?: number;
  /** Search results: omitted files named one by one in the visible text, at most. Default: 25. */
  readonly maxListedFiles?: number;
  /** Search results: a hit line longer than this shows its first 160 characters; the whole line is behind its file's marker. Default: 400. */
  readonly maxHitChars?: number;
  /** Search results: keep the `-C` context lines of hits that match the query. Default: true. */
  readonly keepContext?: boolean;
  /** Documents: a code block longer than this share of the budget is kept only when the query selects it. Default: 0.5. */
  readonly maxCodeShare?: number;
  /** Documents: two documents whose word shingles overlap this much are near-duplicates. Default: 0.8. */
  readonly nearDuplicate?: number;
  /** Inputs longer than this many characters are skipped. Default: 32,000,000. */
  readonly maxInputChars?: number;
}

export type ResolvedRagOptions = Required<RagCompressorOptions>;

const DEFAULTS: ResolvedRagOptions = {
  keepRatio: 0.1,
  searchKeepRatio: 0.03,
  minKeepTokens: 60,
  maxFileMarkers: 6,
  maxListedFiles: 25,
  maxHitChars: 400,
  keepContext: true,
  maxCodeShare: 0.5,
  nearDuplicate: 0.8,
  maxInputChars: 32_000_000,
};

/** Defaults filled in and every value checked; throws `invalid_argument` naming the bad option. */
export function resolveRagOptions(options: RagCompressorOptions = {}, base: ResolvedRagOptions = DEFAULTS): ResolvedRagOptions {
  const resolved: ResolvedRagOptions = { ...base };
  for (const [key, value] of Object.entries(options)) {
    if (value === undefined) continue;
    if (!(key in DEFAULTS)) throw new HeadroomError('invalid_argument', `rag: unknown option ${key}`);
    (resolved as Record<string, unknown>)[key] = value;
  }
  const fraction = (key: 'keepRatio' | 'searchKeepRatio' | 'maxCodeShare' | 'nearDuplicate') => {
    const v = resolved[key];
    if (typeof v !== 'number' || !(v > 0 && v <= 1)) throw new HeadroomError('invalid_argument', `rag: ${key} must be a number in (0, 1]`);
  };
  fraction('keepRatio');
  fraction('searchKeepRatio');
  fraction('maxCodeShare');
  fraction('nearDuplicate');
  for (const key of ['minKeepTokens', 'maxFileMarkers', 'maxListedFiles', 'maxHitChars', 'maxInputChars'] as const) {
    if (!Number.isInteger(resolved[key]) || resolved[key] < 0) throw new HeadroomError('invalid_argument', `rag: ${key} must be an integer >= 0`);
  }
  if (typeof resolved.keepContext !== 'boolean') throw new HeadroomError('invalid_argument', 'rag: keepContext must be a boolean');
  return resolved;
}
