import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pathKey } from './json-spans.js';
import { parseJsonBytes } from './parse-json-bytes.js';
import { SKELETON_MIN_BYTES, skeletonParse } from './skeleton-parse.js';
import { createSpliceMemo } from './splice-memo.js';

/** Real text: Debian's copyright files (escapes, quotes, non-ASCII), capped. */
function realTexts(limit: number): string[] {
  const texts: string[] = [];
  for (const name of readdirSync('/usr/share/doc').sort()) {
    const file = join('/usr/share/doc', name, 'copyright');
    try {
      if (!statSync(file).isFile()) continue;
      const text = readFileSync(file, 'utf8');
      if (text.length >= SKELETON_MIN_BYTES) texts.push(text.slice(0, 20_000));
    } catch {}
    if (texts.length >= limit) break;
  }
  return texts;
}

const chat = (results: readonly string[], extra = '') =>
  Buffer.from(
    `{"model":"m","messages":[${results.map((r, i) => `{"role":"user","content":[{"type":"tool_result","tool_use_id":"t${i}","content":${JSON.stringify(r)}}]}`).join(',')}]${extra}}`,
    'utf8',
  );

describe('skeletonParse', () => {
  const texts = realTexts(12);

  it('gives exactly the plain parse, first seen and resent, and the spans of the long strings', () => {
    expect(texts.length).toBeGreaterThanOrEqual(6);
    const memo = createSpliceMemo(32 * 1024 * 1024);
    for (let turn = 1; turn <= texts.length; turn++) {
      const raw = chat(texts.slice(0, turn));
      for (const pass of [1, 2]) {
        const result = skeletonParse(raw, memo, 'a');
        expect(result, `turn ${turn} pass ${pass}`).toBeDefined();
        expect(result?.parsed).toStrictEqual(parseJsonBytes(raw));
        for (let i = 0; i < turn; i++) {
          const found = result?.strings.get(pathKey(['messages', i, 'content', 0, 'content']));
          expect(found?.text).toBe(texts[i]);
          expect(JSON.parse(raw.toString('utf8', found?.span.start, found?.span.end))).toBe(texts[i]);
        }
      }
    }
  });

  it('hands back the remembered text object for resent bytes, only to the tenant that sent them', () => {
    const memo = createSpliceMemo(32 * 1024 * 1024);
    const raw = chat(texts.slice(0, 3));
    const first = skeletonParse(raw, memo, 'a');
    const again = skeletonParse(Buffer.from(raw), memo, 'a');
    const key = pathKey(['messages', 2, 'content', 0, 'content']);
    expect(again?.strings.get(key)?.text).toBe(first?.strings.get(key)?.text);
    expect(memo.textAt('a', raw, first?.strings.get(key)?.span.start ?? 0)?.text).toBe(texts[2]);
    expect(memo.textAt('b', raw, first?.strings.get(key)?.span.start ?? 0)).toBeUndefined();
  });

  it('falls back (undefined) where it cannot be sure, and never differs from the plain parse', () => {
    const memo = createSpliceMemo(32 * 1024 * 1024);
    const long = texts[0] ?? '';
    const cases: Buffer[] = [
      // Malformed: an unterminated long string, a trailing comma, a raw newline in a long string.
      Buffer.from(`{"a":${JSON.stringify(long).slice(0, -1)}`),
      Buffer.from(`{"a":${JSON.stringify(long)},}`),
      Buffer.from(`{"a":"${'x'.repeat(2000)}\n"}`),
      // Duplicate keys: the last wins in JSON.parse, so the first long string is dropped.
      Buffer.from(`{"a":${JSON.stringify(long)},"a":${JSON.stringify(long.toUpperCase())}}`),
      // A long string under __proto__ (an own property in JSON.parse, never the prototype).
      Buffer.from(`{"__proto__":${JSON.stringify(long)}}`),
      // Not an object at the top.
      Buffer.from(JSON.stringify(long)),
    ];
    for (const raw of cases) {
      for (const _pass of [1, 2]) {
        const result = skeletonParse(raw, memo, 'a');
        let plain: unknown;
        try {
          plain = parseJsonBytes(raw);
        } catch {
          expect(result, raw.toString().slice(0, 40)).toBeUndefined();
          continue;
        }
        if (result) expect(result.parsed).toStrictEqual(plain);
      }
    }
    expect(skeletonParse(cases[3] ?? Buffer.alloc(0), memo, 'a')).toBeUndefined();
    expect(skeletonParse(cases[4] ?? Buffer.alloc(0), memo, 'a')).toBeUndefined();
  });

  it('keeps long keys, escapes, non-ASCII and invalid UTF-8 exactly as the plain parse reads them', () => {
    const memo = createSpliceMemo(32 * 1024 * 1024);
    const long = texts[1] ?? '';
    const bodies = [
      Buffer.from(`{${JSON.stringify(long)} : ${JSON.stringify(long)}, "b":[${JSON.stringify(`é😎\\"${long}`)}]}`),
      Buffer.from(`{"a":"${'\\\\'.repeat(700)}\\"${'\\u00e9'.repeat(100)}"}`),
      Buffer.concat([Buffer.from(`{"a":"${'y'.repeat(1500)}`), Buffer.from([0xff, 0xc3]), Buffer.from('"}')]),
    ];
    for (const raw of bodies) {
      for (const pass of [1, 2]) expect(skeletonParse(raw, memo, 'a')?.parsed, `pass ${pass}`).toStrictEqual(parseJsonBytes(raw));
    }
  });

  it('falls back on a body nested deeper than its walk reaches', () => {
    const memo = createSpliceMemo(1_000_000);
    const depth = 100_000;
    const raw = Buffer.from(`${'['.repeat(depth)}"${'z'.repeat(2000)}"${']'.repeat(depth)}`);
    const wrapped = Buffer.concat([Buffer.from('{"a":'), raw, Buffer.from('}')]);
    expect(skeletonParse(wrapped, memo, 'a')).toBeUndefined();
  });
});
