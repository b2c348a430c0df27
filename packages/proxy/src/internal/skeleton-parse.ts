import { randomUUID } from 'node:crypto';
import { type JsonSpan, pathKey } from './json-spans.js';
import { parseJsonBytes } from './parse-json-bytes.js';
import { PREFIX_BYTES, type SpliceMemo } from './splice-memo.js';

/** String values from this many bytes on (quotes included) are found by their bytes instead of parsed. */
export const SKELETON_MIN_BYTES = 1024;

/**
 * Bodies from this size on are parsed here. The parse alone is slower than the plain one below
 * 24 KB, but what it hands on pays for it: resent texts come back as the very strings the caches
 * are keyed by (no hash, no compare) with their spans (no second scan for the splice). Parse,
 * compression and splice of a resent bench body on the request thread, this way against plainly:
 * 3 KB, 23 against 36 µs; 10 KB, 27 against 64. A body of short strings only loses the scan
 * (10 KB of 100-byte messages: 40 against 28 µs; 4 KB: 18 against 13); agents' bodies carry a
 * system prompt and tool results.
 */
export const SKELETON_MIN_BODY_BYTES = 4 * 1024;

/** A string value of the body, its text and exact byte span (checked to decode to that text). */
export interface CheckedString {
  readonly text: string;
  readonly span: JsonSpan;
}

export interface SkeletonParse {
  /** Exactly what `parseJsonBytes(raw)` gives. */
  readonly parsed: unknown;
  /** The long string values by path key, each span checked to decode to its text. */
  readonly strings: ReadonlyMap<string, CheckedString>;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;

// Stands for a long string in the skeleton; random per process, so no client can write one on
// purpose (and a collision is caught anyway: each stand-in must be found exactly once).
const MARK = `\u0000headroom-skeleton-${randomUUID()}-`;
const MARK_JSON = Buffer.from(JSON.stringify(MARK).slice(0, -1), 'utf8');

/**
 * `parseJsonBytes(raw)` for a body whose long strings were mostly seen before. Every turn of a
 * conversation resends its history, and decoding and parsing those strings again was most of what
 * a resent request cost. Here the bytes are scanned once for string literals; each long string
 * value is looked up by its bytes in the splice memo (bytes already checked to decode to a text
 * give that very text, the same string object the caches hold) and decoded on its own only when
 * missing, then remembered. The rest of the body, with a short stand-in per long string, is parsed
 * as usual, and the texts are put back at their paths. Undefined whenever that cannot be sure to
 * equal the plain parse (malformed JSON, a stand-in not found exactly once, a long string under a
 * `__proto__` key): the caller then parses the body the plain way, which also words any refusal.
 */
export function skeletonParse(raw: Buffer, memo: SpliceMemo, tenant: string): SkeletonParse | undefined {
  const longs: { start: number; end: number; text: string }[] = [];
  const parts: Buffer[] = [];
  const n = raw.length;
  let at = 0;
  let i = 0;
  for (;;) {
    while (i < n && raw[i] !== QUOTE) i++;
    if (i >= n) break;
    const open = i;
    // Most strings (keys, names) end within a few bytes; a longer one may be resent history,
    // found whole by its bytes without scanning it.
    let j = open + 1;
    let end = -1;
    const peek = Math.min(n, open + PREFIX_BYTES);
    while (j < peek) {
      const byte = raw[j]!;
      if (byte === BACKSLASH) j += 2;
      else if (byte === QUOTE) {
        end = j + 1;
        break;
      } else j++;
    }
    if (end < 0) {
      const seen = memo.textAt(tenant, raw, open);
      let text = seen?.text;
      if (seen) end = open + seen.length;
      else {
        while (j < n) {
          const byte = raw[j]!;
          if (byte === BACKSLASH) j += 2;
          else if (byte === QUOTE) break;
          else j++;
        }
        if (j >= n) return undefined;
        end = j + 1;
      }
      if ((seen || end - open >= SKELETON_MIN_BYTES) && !isKey(raw, end)) {
        if (text === undefined) {
          const bytes = raw.subarray(open, end);
          let decoded: unknown;
          try {
            decoded = parseJsonBytes(bytes);
          } catch {
            return undefined;
          }
          if (typeof decoded !== 'string') return undefined;
          text = decoded;
          memo.remember(tenant, text, bytes);
        }
        parts.push(raw.subarray(at, open), MARK_JSON, Buffer.from(`${longs.length}"`, 'latin1'));
        longs.push({ start: open, end, text });
        at = end;
      }
    }
    i = end;
  }
  if (longs.length === 0) return undefined;
  parts.push(raw.subarray(at));
  let parsed: unknown;
  try {
    parsed = parseJsonBytes(Buffer.concat(parts));
  } catch {
    return undefined;
  }
  const strings = new Map<string, CheckedString>();
  const path: (string | number)[] = [];
  const used = new Set<number>();
  // Puts each text back where its stand-in is; false when that is not exactly once each.
  const restore = (value: unknown): boolean => {
    if (Array.isArray(value)) {
      for (let k = 0; k < value.length; k++) {
        const item = value[k];
        if (typeof item === 'string') {
          if (!item.startsWith(MARK)) continue;
          path.push(k);
          const long = take(item);
          path.pop();
          if (long === undefined) return false;
          value[k] = long;
        } else if (item !== null && typeof item === 'object') {
          path.push(k);
          if (!restore(item)) return false;
          path.pop();
        }
      }
      return true;
    }
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const item = record[key];
      if (typeof item === 'string') {
        if (!item.startsWith(MARK)) continue;
        // Assigning there would set the object's prototype instead of an own property.
        if (key === '__proto__') return false;
        path.push(key);
        const long = take(item);
        path.pop();
        if (long === undefined) return false;
        record[key] = long;
      } else if (item !== null && typeof item === 'object') {
        path.push(key);
        if (!restore(item)) return false;
        path.pop();
      }
    }
    return true;
  };
  const take = (standIn: string): string | undefined => {
    const index = Number(standIn.slice(MARK.length));
    const long = longs[index];
    if (!long || used.has(index) || standIn !== `${MARK}${index}`) return undefined;
    used.add(index);
    strings.set(pathKey(path), { text: long.text, span: { start: long.start, end: long.end, kind: 'string', lastChildEnd: -1 } });
    return long.text;
  };
  if (parsed === null || typeof parsed !== 'object') return undefined;
  try {
    if (!restore(parsed) || used.size !== longs.length) return undefined;
  } catch {
    // Nested deeper than this recursion reaches: the plain parse handles it.
    return undefined;
  }
  return { parsed, strings };
}

/** True when the literal ending before `end` is an object key (a colon follows it). */
function isKey(raw: Buffer, end: number): boolean {
  let i = end;
  while (i < raw.length && (raw[i] === 0x20 || raw[i] === 0x0a || raw[i] === 0x0d || raw[i] === 0x09)) i++;
  return raw[i] === COLON;
}
