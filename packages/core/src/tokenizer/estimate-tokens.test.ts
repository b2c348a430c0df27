import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { estimateInChunks, estimateTokens } from './estimate-tokens.js';

/**
 * The estimate as first written (range tests per character): the table-driven version must count
 * exactly the same, because counts decide what passes and memo entries and ledgers hold them.
 */
function reference(text: string): number {
  const isWordChar = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
  let tokens = 0;
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (isWordChar(c)) {
      let j = i + 1;
      while (j < n && isWordChar(text.charCodeAt(j))) j++;
      tokens += Math.ceil((j - i) / 6);
      i = j;
    } else if (c >= 48 && c <= 57) {
      let j = i + 1;
      while (j < n && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57) j++;
      tokens += Math.ceil((j - i) / 3);
      i = j;
    } else if (c === 32 || c === 9 || c === 10 || c === 13) {
      let j = i + 1;
      let newlines = c === 10 ? 1 : 0;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (d === 10) newlines++;
        else if (d !== 32 && d !== 9 && d !== 13) break;
        j++;
      }
      if (newlines > 0) tokens += newlines;
      else if (j - i > 1) tokens += Math.ceil((j - i) / 8);
      i = j;
    } else if (c < 128) {
      let j = i + 1;
      while (j < n && j - i < 2) {
        const d = text.charCodeAt(j);
        if (d >= 128 || d <= 32 || isWordChar(d) || (d >= 48 && d <= 57)) break;
        j++;
      }
      tokens += 1;
      i = j;
    } else {
      tokens += 1;
      i++;
    }
  }
  return tokens;
}

/** Up to `max` regular files under `dir`, depth first, in name order. */
function filesUnder(dir: string, max: number): string[] {
  const out: string[] = [];
  const walk = (at: string) => {
    for (const name of readdirSync(at).sort()) {
      if (out.length >= max) return;
      const path = join(at, name);
      const stat = statSync(path, { throwIfNoEntry: false });
      if (stat?.isDirectory()) walk(path);
      else if (stat?.isFile() && stat.size < 512 * 1024) out.push(path);
    }
  };
  walk(dir);
  return out;
}

describe('estimateTokens counts as its reference does', () => {
  it('on real files: Debian docs (text and gzip bytes as latin1) and Python sources', () => {
    const files = [...filesUnder('/usr/share/doc/git', 60), ...filesUnder('/usr/lib/python3.11/json', 20), ...filesUnder('/usr/lib/python3.11/email', 40)];
    expect(files.length).toBeGreaterThan(40);
    for (const file of files) {
      const bytes = readFileSync(file);
      for (const text of [bytes.toString('utf8'), bytes.toString('latin1')]) expect(estimateTokens(text), file).toBe(reference(text));
    }
  });

  it('on every character class next to every other (controls, DEL, surrogates, non-ASCII)', () => {
    const chars = [...Array.from({ length: 130 }, (_, c) => String.fromCharCode(c)), '\u00e9', '\u6f22', '\ud83d\ude00', '\ud800', '\u2028'];
    for (const a of chars) for (const b of chars) for (const text of [a + b, `${a}${b}${a}`, `x${a}${b}1`]) expect(estimateTokens(text)).toBe(reference(text));
  });

  it('on runs of characters outside ASCII (a tree drawn with box characters), counted in one loop', () => {
    const tree = ['├─┬ @headroom/core@0.1.0', '│ ├── undici@7.30.2 deduped', '│ └─┬ tiktoken@1.0.22', '│   └── UNMET DEPENDENCY é@^1', '└── ─── ─│─ 漢字 😀😀 x'].join('\n');
    expect(estimateTokens(tree)).toBe(reference(tree));
  });

  it('counts the same when the text is cut into chunks (cuts only before a newline after a non-space)', () => {
    const files = [...filesUnder('/usr/share/doc/git', 10), ...filesUnder('/usr/lib/python3.11/json', 5)];
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const chunk of [1, 7, 64, 1000]) expect(estimateInChunks(text, chunk), `${file} in chunks of ${chunk}`).toBe(reference(text));
    }
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', '7', ' ', '\t', '\n', '\r', '.', '\x1b', '│', '\ud800'), { maxLength: 120 }), fc.integer({ min: 1, max: 20 }), (chars, chunk) => {
        const text = chars.join('');
        return estimateInChunks(text, chunk) === reference(text);
      }),
      { numRuns: 3000 },
    );
  });

  it('on texts longer than a chunk: cut at newlines, or counted whole when there is no cut', () => {
    const doc = readFileSync('/usr/share/doc/git/RelNotes/1.5.0.txt', 'utf8');
    const long = doc.repeat(Math.ceil(700_000 / doc.length));
    const line = long.replace(/\n/g, ' ');
    const boxes = `${'│   ├── x@1.0.0 deduped\n'.repeat(30_000)}└── y`;
    for (const text of [long, line, boxes]) {
      expect(text.length).toBeGreaterThan(1 << 18);
      expect(estimateTokens(text)).toBe(reference(text));
    }
  });

  it('on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => estimateTokens(text) === reference(text)),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', 'Z', '_', '7', ' ', '\t', '\n', '\r', '.', '{', '\x1b', '\x7f', '\u00e9', '-', '│', '├', '─', '\ud83d\ude00'), { maxLength: 200 }), (chars) => {
        const text = chars.join('');
        return estimateTokens(text) === reference(text);
      }),
      { numRuns: 2000 },
    );
  });
});
