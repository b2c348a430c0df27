import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchQuery } from './match-query.js';
import { runProgram } from './testing/run-compressor.js';

const PY = '/root/.pyenv/versions/3.11.7/lib/python3.11';

/** Outputs of real programs and the questions an agent would ask about them. */
const CASES: readonly { command: string; queries: readonly string[] }[] = [
  { command: `find ${PY}/email ${PY}/json`, queries: ['where is the email mime package', 'JSON decoder', 'header_value_parser.py', 'feedparser'] },
  { command: `ls -laR ${PY}/email`, queries: ['header parser', 'who owns _policybase', 'Charset', 'files from Nov'] },
  { command: 'dpkg -l', queries: ['which python3 packages are installed', 'libssl3 version', 'amd64 libc'] },
  { command: `grep -rn "def " ${PY}/json ${PY}/email`, queries: ['decode errors', 'scanstring', 'py_encode_basestring_ascii'] },
];

describe('matchQuery with the text it was split from', () => {
  it.each(CASES)('finds the same lines and terms as testing every line: $command', ({ command, queries }) => {
    const text = runProgram(command);
    const lines = text.split('\n');
    expect(lines.length).toBeGreaterThan(50);
    for (const query of queries) {
      for (const max of [50, 5]) {
        const byLine = matchQuery(query, lines, max);
        const byText = matchQuery(query, lines, max, text);
        expect(byText.terms, query).toEqual(byLine.terms);
        expect(byText.count, query).toBe(byLine.count);
        expect(byText.matches, query).toEqual(byLine.matches);
      }
    }
    expect(matchQuery('email parser', lines, 1000, text).count).toBeGreaterThan(0);
  });

  it('on lines with characters whose case mapping changes lengths or folds across scripts (İ, K, ſ, ß, final sigma)', () => {
    const pieces = fc.constantFrom('İ', 'i', 'I', '\u212a', 'k', 'K', 'ſ', 's', 'S', 'ß', 'ss', 'ς', 'σ', 'Σ', 'kiss', 'KISS', 'Kiß', ' ', '\n', '_', '.', 'x1', 'X1', 'é', 'É');
    const queries = fc.constantFrom('kiss', 'kis', 'ss x1', 'İk', 'ßig', 'σς', 'x1.', 'iss', 'é kiss');
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 60 }), queries, (parts, query) => {
        const text = parts.join('');
        const lines = text.split('\n');
        const byLine = matchQuery(query, lines, 50);
        const byText = matchQuery(query, lines, 50, text);
        return JSON.stringify([byLine.terms, [...byLine.matches]]) === JSON.stringify([byText.terms, [...byText.matches]]);
      }),
      { numRuns: 3000 },
    );
  });
});
