import { describe, expect, it } from 'vitest';
import { queryRows, queryTerms } from './query.js';
import { buildTable } from './table.js';

describe('query', () => {
  it('extracts content words with plurals and -ing stripped', () => {
    expect(queryTerms('Where is the rate limiting for the public API implemented?')).toEqual(['rate', 'limit', 'public', 'api', 'implemented']);
    expect(queryTerms('which error matches these logs')).toEqual(['error', 'match', 'log']);
    expect(queryTerms(undefined)).toEqual([]);
  });

  it('keeps rows matching rare terms, ignoring terms that match most rows', () => {
    const rows = Array.from({ length: 100 }, (_, i) => ({ path: i === 37 ? 'src/middleware/rate-limiter.ts' : `src/api/handler-${i}.ts`, text: 'limit = 10' }));
    const table = buildTable('t', rows);
    expect([...queryRows(table.columns, 100, queryTerms('where is rate limiting in the api'))]).toEqual([37]);
  });
});
