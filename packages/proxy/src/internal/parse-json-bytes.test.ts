import { isUtf8, transcode } from 'node:buffer';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseJsonBytes } from './parse-json-bytes.js';

/** What the proxy did before: the reference every input is checked against. */
function reference(bytes: Buffer): { value: unknown } | { error: true } {
  return outcome(() => JSON.parse(bytes.toString('utf8')));
}

function ours(bytes: Buffer): { value: unknown } | { error: true } {
  return outcome(() => parseJsonBytes(bytes));
}

/** A refusal is a SyntaxError from the parse; any other error is a bug and fails the test. */
function outcome(parse: () => unknown): { value: unknown } | { error: true } {
  try {
    return { value: parse() };
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    return { error: true };
  }
}

/** A JSON string literal holding `bytes` as they are (invalid UTF-8 included): only `"`, `\` and control bytes are escaped. */
function literal(bytes: Buffer): Buffer {
  const out: number[] = [0x22];
  for (const byte of bytes) {
    if (byte === 0x22 || byte === 0x5c) out.push(0x5c, byte);
    else if (byte < 0x20) out.push(...Buffer.from(`\\u${byte.toString(16).padStart(4, '0')}`));
    else out.push(byte);
  }
  out.push(0x22);
  return Buffer.from(out);
}

const requestAround = (content: Buffer) => Buffer.concat([Buffer.from('{"model":"m","messages":[{"role":"user","content":'), content, Buffer.from('}]}')]);

/** Debian's copyright files: names and words in many scripts, some files still in Latin-1 (invalid UTF-8). */
function debianTexts(limit: number): { name: string; bytes: Buffer }[] {
  const root = '/usr/share/doc';
  const found: { name: string; bytes: Buffer }[] = [];
  for (const entry of readdirSync(root).sort()) {
    const file = join(root, entry, 'copyright');
    try {
      if (statSync(file).size > 200_000) continue;
      found.push({ name: file, bytes: readFileSync(file) });
    } catch {
      // No copyright file in this folder.
    }
    if (found.length >= limit) break;
  }
  return found;
}

describe('parseJsonBytes', () => {
  const texts = debianTexts(400);

  it('parses real bodies exactly as decoding then parsing does, non-ASCII and invalid UTF-8 included', () => {
    const withHigh = texts.filter((t) => t.bytes.some((b) => b >= 0x80));
    // The same texts in Latin-1, as older tools still write them: not UTF-8 wherever they leave ASCII.
    const latin1 = withHigh.map((t) => ({ name: `${t.name} (Latin-1)`, bytes: transcode(t.bytes, 'utf8', 'latin1') }));
    // The material must exercise both paths, or this test proves nothing.
    expect(withHigh.length).toBeGreaterThan(20);
    expect(latin1.filter((t) => !isUtf8(t.bytes)).length).toBeGreaterThan(20);
    for (const { name, bytes } of [...texts, ...latin1]) {
      const body = requestAround(literal(bytes));
      expect(ours(body), name).toEqual(reference(body));
      // The same text as a key, and written with escapes the way Python's json.dumps does.
      const keyed = Buffer.concat([Buffer.from('{'), literal(bytes), Buffer.from(':1}')]);
      expect(ours(keyed), name).toEqual(reference(keyed));
      const escaped = Buffer.from(JSON.stringify({ content: bytes.toString('utf8') }).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
      expect(ours(escaped), name).toEqual(reference(escaped));
    }
  });

  it('refuses what the decode-then-parse refused, and accepts what it accepted, at the edges', () => {
    const cases = [
      '{"a":"😎 é — 中文"}',
      '{"é":"key outside ASCII"}',
      '\ufeff{"a":1}', // a byte order mark is not JSON whitespace
      '{"a":1}é', // non-ASCII outside a string
      '{"a":"\\é"}', // a backslash escaping a non-ASCII character
      '{"a":"\\\\é"}', // an escaped backslash, then one
      '{"a":"\\u00é9"}', // a broken \u escape
      '{"a":"\\ud83d\\ude0e and 😎"}', // an escaped pair next to the raw character
      '["\u2028\u2029"]',
      'é',
      '',
    ];
    for (const text of cases) {
      const bytes = Buffer.from(text);
      expect(ours(bytes), text).toEqual(reference(bytes));
    }
    const lone = Buffer.concat([Buffer.from('{"a":"'), Buffer.from([0xed, 0xa0, 0x80, 0xc3, 0x28, 0xff]), Buffer.from('"}')]);
    expect(ours(lone)).toEqual(reference(lone));
  });

  it('reads a body out of a shared buffer at any offset', () => {
    const text = Buffer.from('{"a":"données ✓","b":[1,2,3]}');
    for (let offset = 0; offset < 5; offset++) {
      const shared = Buffer.from(new SharedArrayBuffer(text.length + 8));
      text.copy(shared, offset);
      expect(parseJsonBytes(shared.subarray(offset, offset + text.length))).toEqual(JSON.parse(text.toString()));
    }
  });
});
