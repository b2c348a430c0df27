import { type Json, providerModule, type RequestFormat } from '@headroom/core';
import { findSpans, type JsonPath, type JsonSpan, pathKey } from './json-spans.js';
import { parseJsonBytes } from './parse-json-bytes.js';
import type { CheckedString } from './skeleton-parse.js';
import type { SpliceMemo } from './splice-memo.js';

/** One compressed slot: the string at `path` was `from` and becomes `to`. */
export interface SlotEdit {
  readonly path: JsonPath;
  readonly from: string;
  readonly to: string;
}

interface ByteEdit {
  readonly start: number;
  readonly end: number;
  /** The replacement, as text or as UTF-8 bytes already encoded. */
  readonly text: string | Buffer;
}

/**
 * The request bytes to forward: the client's own bytes with each compressed slot's string (and,
 * when given, the retrieve tool) spliced in at its exact byte range, so everything else (numbers
 * past 2^53, `1.0`, `-0`, escapes, whitespace, key order, duplicate keys, invalid UTF-8) reaches
 * the upstream as it came. Undefined when that cannot be done exactly; the caller then forwards
 * the original bytes untouched.
 */
export function spliceBody(
  raw: Buffer,
  edits: readonly SlotEdit[],
  tool?: Json,
  located?: ReadonlyMap<string, JsonSpan>,
  memo?: { readonly memo: SpliceMemo; readonly tenant: string },
  strings?: ReadonlyMap<string, CheckedString>,
): Buffer | undefined {
  if (edits.length === 0 && tool === undefined) return raw;
  // Spans located off-thread (`locateBody`) were checked there against the same parse; the rest
  // are found by one scan, only when some edit or the tool needs it.
  let scanned: Map<string, JsonSpan> | undefined | null = null;
  const spans = () => located ?? (scanned === null ? (scanned = findSpans(raw, [...edits.map((e) => e.path), [], ['tools']])) : scanned);
  const out: ByteEdit[] = [];
  for (const edit of edits) {
    const key = pathKey(edit.path);
    // A long string the body was parsed from by its bytes (`skeletonParse`): its span decodes to
    // that very text.
    const known = strings?.get(key);
    const span = known?.text === edit.from ? known.span : spans()?.get(key);
    if (span?.kind !== 'string') return undefined;
    // The bytes must decode to the text the locator read there: anything else is a body this
    // scanner reads differently from JSON.parse, and a guess would corrupt it. Bytes already
    // checked for this text (resent history) are not decoded again.
    if (!located && span !== known?.span) {
      const bytes = raw.subarray(span.start, span.end);
      if (!memo?.memo.checked(memo.tenant, edit.from, bytes)) {
        if (decode(bytes) !== edit.from) return undefined;
        memo?.memo.remember(memo.tenant, edit.from, bytes);
      }
    }
    out.push({ start: span.start, end: span.end, text: memo ? memo.memo.encoded(memo.tenant, edit.to) : JSON.stringify(edit.to) });
  }
  if (tool !== undefined) {
    const found = spans();
    const root = found?.get(pathKey([]));
    if (!found || root?.kind !== 'object') return undefined;
    out.push(appendToList(found.get(pathKey(['tools'])), root, 'tools', [tool]));
  }
  return apply(raw, out);
}

/**
 * Encodes each retrieval continuation from the bytes sent the round before: the continuation is
 * the previous body with the model's turn and the answers appended to its message list (and
 * the module's last-round field set on the last round), so only those are spliced in and the client's bytes stay
 * as they were. A body that changed in any other way is serialized whole, unless it is not
 * `serializable` (it holds stand-ins): then encoding throws.
 */
export function continuationEncoder(format: RequestFormat, firstBody: Record<string, unknown>, firstBytes: Buffer, serializable = true): (body: Record<string, unknown>) => Buffer {
  const { conversationKey, lastRoundKey } = providerModule(format);
  let last = { body: firstBody, bytes: firstBytes };
  return (body) => {
    const spliced = spliceContinuation(last.body, last.bytes, body, conversationKey, lastRoundKey);
    // A body holding stand-ins of large texts (see `locateBody`) has only its bytes to go by.
    if (!spliced && !serializable) throw new Error('a retrieval continuation of a large body changed beyond its message list');
    const bytes = spliced ?? Buffer.from(JSON.stringify(body), 'utf8');
    last = { body, bytes };
    return bytes;
  };
}

function spliceContinuation(previous: Record<string, unknown>, raw: Buffer, next: Record<string, unknown>, listKey: string, lastRoundKey: string): Buffer | undefined {
  const keys = new Set([...Object.keys(previous), ...Object.keys(next)]);
  for (const key of keys) if (key !== listKey && key !== lastRoundKey && previous[key] !== next[key]) return undefined;
  const spans = findSpans(raw, [[], [listKey], [lastRoundKey]]);
  const root = spans?.get(pathKey([]));
  if (!spans || !root || root.kind !== 'object') return undefined;
  const edits: ByteEdit[] = [];
  const before = previous[listKey];
  const after = next[listKey];
  if (before !== after) {
    if (!Array.isArray(after)) return undefined;
    const list = spans.get(pathKey([listKey]));
    if (Array.isArray(before) && list?.kind === 'array' && before.every((item, i) => after[i] === item)) {
      edits.push(appendToList(list, root, listKey, after.slice(before.length) as Json[]));
    } else if (list) {
      edits.push({ start: list.start, end: list.end, text: JSON.stringify(after) });
    } else return undefined;
  }
  if (previous[lastRoundKey] !== next[lastRoundKey]) {
    const choice = spans.get(pathKey([lastRoundKey]));
    const text = JSON.stringify(next[lastRoundKey]);
    if (text === undefined) return undefined;
    edits.push(choice ? { start: choice.start, end: choice.end, text } : member(root, lastRoundKey, text));
  }
  return apply(raw, edits);
}

/** Appends `items` to the array at `list`; replaces a value that is not an array; adds the member when absent. */
function appendToList(list: JsonSpan | undefined, root: JsonSpan, key: string, items: readonly Json[]): ByteEdit {
  const text = items.map((item) => JSON.stringify(item)).join(',');
  if (!list) return member(root, key, `[${text}]`);
  if (list.kind !== 'array') return { start: list.start, end: list.end, text: `[${text}]` };
  // After the last element (whitespace before `]` stays where it was), or right after `[`.
  if (list.lastChildEnd < 0) return { start: list.start + 1, end: list.start + 1, text };
  return { start: list.lastChildEnd, end: list.lastChildEnd, text: `,${text}` };
}

/** A new last member of the top-level object. */
function member(root: JsonSpan, key: string, value: string): ByteEdit {
  const text = `${JSON.stringify(key)}:${value}`;
  if (root.lastChildEnd < 0) return { start: root.start + 1, end: root.start + 1, text };
  return { start: root.lastChildEnd, end: root.lastChildEnd, text: `,${text}` };
}

function decode(bytes: Buffer): unknown {
  try {
    return parseJsonBytes(bytes);
  } catch {
    return undefined;
  }
}

function apply(raw: Buffer, edits: readonly ByteEdit[]): Buffer | undefined {
  const sorted = [...edits].sort((a, b) => a.start - b.start);
  const parts: Buffer[] = [];
  let at = 0;
  for (const edit of sorted) {
    if (edit.start < at) return undefined;
    parts.push(raw.subarray(at, edit.start), typeof edit.text === 'string' ? Buffer.from(edit.text, 'utf8') : edit.text);
    at = edit.end;
  }
  parts.push(raw.subarray(at));
  return Buffer.concat(parts);
}
