import { isUtf8 } from 'node:buffer';

/** `\uXXXX` for each UTF-16 code unit, made once. */
let escapes: string[] | undefined;

/**
 * `JSON.parse(bytes.toString('utf8'))`, with the same result (or the same refusal) for every input,
 * but without decoding a body that holds a few non-ASCII characters into one large two-byte string:
 * past 64 Ki characters V8 allocates such a string in its large-object space, which made the
 * decode of a 100 KB request cost more than its parse. Instead, each run of non-ASCII bytes of a
 * well-formed UTF-8 body becomes `\uXXXX` escapes, so the text to parse is ASCII (one byte per
 * character) and the strings come out exactly as decoding would have made them: inside a JSON
 * string an escape and the character it names are the same value, and outside one both are
 * invalid. Bodies that are not well-formed UTF-8 (decoding replaces bytes there), or that put a
 * non-ASCII byte right after a backslash (an escape of its own), are decoded as before.
 */
export function parseJsonBytes(bytes: Buffer): unknown {
  return JSON.parse(asciiText(bytes));
}

function asciiText(bytes: Buffer): string {
  let high = nextHigh(bytes, 0);
  if (high < 0) return bytes.toString('latin1');
  if (!isUtf8(bytes)) return bytes.toString('utf8');
  escapes ??= Array.from({ length: 0x10000 }, (_, unit) => `\\u${unit.toString(16).padStart(4, '0')}`);
  let text = '';
  let at = 0;
  while (high >= 0) {
    if (high > 0 && bytes[high - 1] === BACKSLASH) return bytes.toString('utf8');
    let end = high + 1;
    while (end < bytes.length && bytes[end]! >= 0x80) end++;
    text += bytes.toString('latin1', at, high);
    // Well-formed UTF-8 splits into whole characters at ASCII bytes: the run decodes on its own.
    const run = bytes.toString('utf8', high, end);
    for (let i = 0; i < run.length; i++) text += escapes[run.charCodeAt(i)]!;
    at = end;
    high = nextHigh(bytes, end);
  }
  return text + bytes.toString('latin1', at);
}

const BACKSLASH = 0x5c;

/** The index of the next byte from `from` on that is not ASCII; -1 when there is none. */
function nextHigh(bytes: Buffer, from: number): number {
  const n = bytes.length;
  let i = from;
  // Byte by byte up to a 4-byte boundary, then four at a time.
  while (i < n && (bytes.byteOffset + i) % 4 !== 0) {
    if (bytes[i]! >= 0x80) return i;
    i++;
  }
  if (i >= n) return -1;
  const words = new Uint32Array(bytes.buffer, bytes.byteOffset + i, (n - i) >>> 2);
  for (let w = 0; w < words.length; w++) {
    if ((words[w]! & 0x80808080) !== 0) {
      i += w * 4;
      while (bytes[i]! < 0x80) i++;
      return i;
    }
  }
  for (i += words.length * 4; i < n; i++) if (bytes[i]! >= 0x80) return i;
  return -1;
}
