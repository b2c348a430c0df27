import type { ResolvedTextOptions } from '../../text-compressor-options.js';
import type { QueryMatcher } from '../../match-query.js';

/** Every family reads the same thing: the output's lines, which of them match the query, and the options. */
export interface FamilyInput {
  readonly lines: readonly string[];
  readonly query: QueryMatcher;
  readonly options: ResolvedTextOptions;
}
