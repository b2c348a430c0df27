import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { estimateTokens } from './estimate-tokens.js';
import { createEstimatingTokenizer, createTokenizer } from './tiktoken-tokenizer.js';

const MB = 1024 * 1024;

/** Inputs that broke or stalled the tokenizer: one long run of a single kind of character each. */
const hostile: [string, () => string][] = [
  ['1 MB of spaces', () => ' '.repeat(MB)],
  ['1 MB of newlines', () => '\n'.repeat(MB)],
  ['1 MB of " \\n" pairs', () => ' \n'.repeat(MB / 2)],
  ['1 MB of CJK without a space', () => '\u6f22'.repeat(MB)],
  ['1 MB of emoji (surrogate pairs)', () => '\u{1f600}'.repeat(MB / 2)],
  ['lone surrogates', () => '\ud800'.repeat(MB / 4)],
  ['binary bytes decoded as latin1', () => randomBytes(MB / 4).toString('latin1')],
  ['binary bytes decoded as UTF-8', () => randomBytes(MB / 4).toString('utf8')],
  ['1 MB of digits', () => '7'.repeat(MB)],
  ['1 MB of punctuation', () => '{"'.repeat(MB / 2)],
];

describe('the tokenizer on hostile input', () => {
  const exact = createTokenizer({ encoding: 'o200k_base' });

  it.each(hostile)('counts %s exactly and by estimate without throwing', (_, make) => {
    const text = make();
    const counted = exact.count(text);
    const estimated = estimateTokens(text);
    expect(Number.isInteger(counted) && counted > 0).toBe(true);
    expect(Number.isInteger(estimated) && estimated > 0).toBe(true);
    expect(createEstimatingTokenizer().count(text)).toBe(estimated);
  });

  it('counts 20 MB of one unbroken line without overflowing the stack (8 x per token in o200k_base)', () => {
    const line = 'x'.repeat(20 * MB);
    expect(exact.count(line)).toBe((20 * MB) / 8);
    expect(estimateTokens(line)).toBeGreaterThan(0);
  });

  it('counts a long run of one character the same as its pieces would be counted one by one', () => {
    const piece = exact.count('='.repeat(256));
    expect(exact.count('='.repeat(256 * 1000))).toBe(piece * 1000);
  });

  it('never splits a surrogate pair between pieces: an emoji run counts as whole emoji', () => {
    // A split pair would become two U+FFFD, each at least one token of its own.
    const emoji = '\u{1f600}'.repeat(10_000);
    const replacement = exact.count('\ufffd');
    const counted = exact.count(emoji);
    const unsplit = Array.from({ length: 100 }, () => exact.count('\u{1f600}'.repeat(100))).reduce((a, b) => a + b, 0);
    expect(Math.abs(counted - unsplit)).toBeLessThanOrEqual(Math.ceil(emoji.length / 256) * replacement);
  });
});
