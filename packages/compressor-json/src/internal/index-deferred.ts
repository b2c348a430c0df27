import type { DeferredRange, JsonSource } from './parse-json.js';

/**
 * Records, for values that came from the native JSON.parse, what our own parser records while it
 * parses: where each object and array starts, and the first offset of each string literal that
 * JSON.stringify would write differently. One scan per range, in text order, walking the parsed
 * value alongside the text; done once, on the first `sourceOf`/`literalOf` (most inputs never ask).
 */
export function indexDeferred(source: JsonSource): void {
  const ranges = source.deferred.splice(0);
  for (const range of ranges) indexRange(source, range);
}

/** A string literal whose value JSON.stringify writes otherwise: `\u00e9`, `\/`, surrogates. */
const UNUSUAL = /\\[u/]|[\ud800-\udfff]/;
const SURROGATE = /[\ud800-\udfff]/;

type Container = unknown[] | Record<string, unknown>;

/** 1 for the characters the scan acts on: `"` `{` `[` `]` `}` `,` `:`. */
const STRUCTURAL = new Uint8Array(128);
for (const c of '"{[]},:') STRUCTURAL[c.charCodeAt(0)] = 1;

/** Whether `range` of `text` may hold a literal JSON.stringify writes otherwise (if not, the scan records none there). */
export function mayHoldUnusual(text: string, range: DeferredRange): boolean {
  return UNUSUAL.test(range.from === 0 && range.to === text.length ? text : text.slice(range.from, range.to));
}

function indexRange(source: JsonSource, range: DeferredRange): void {
  const { text, starts, literals } = source;
  const { from, to } = range;
  const unusual = mayHoldUnusual(text, range);
  // Per open bracket: the parsed container it stands for (undefined where the text and value
  // part ways, which only a duplicate key does: a later duplicate overwrites, as JSON.parse's does).
  const containers: (Container | undefined)[] = [];
  const counts: number[] = [];
  // The last key read, as quote offsets: sliced only when its value is an object or array.
  let keyOpen = -1;
  let keyClose = -1;
  let expectKey = false;
  let i = from;
  while (i < to) {
    const c = text.charCodeAt(i);
    // Spacing, digits and literals first: they are most of the characters (one table lookup).
    if (c >= 128 || STRUCTURAL[c] === 0) {
      i++;
      continue;
    }
    if (c === 34) {
      const close = closingQuote(text, i);
      if (expectKey) {
        keyOpen = i;
        keyClose = close;
      }
      if (unusual) {
        const body = text.slice(i + 1, close);
        if (body.includes('\\') || SURROGATE.test(body)) {
          const literal = text.slice(i, close + 1);
          if (literal.includes('\\u') || literal.includes('\\/') || SURROGATE.test(literal)) {
            const value = JSON.parse(literal) as string;
            if (!literals.has(value)) literals.set(value, i);
          }
        }
      }
      i = close + 1;
    } else if (c === 123 || c === 91) {
      const depth = containers.length;
      let node: unknown;
      if (depth === 0) node = range.value;
      else {
        const parent = containers[depth - 1];
        if (Array.isArray(parent)) node = parent[counts[depth - 1]!];
        else if (parent !== undefined) {
          const body = text.slice(keyOpen + 1, keyClose);
          const key = body.includes('\\') ? (JSON.parse(text.slice(keyOpen, keyClose + 1)) as string) : body;
          node = key === '__proto__' ? Object.getOwnPropertyDescriptor(parent, key)?.value : parent[key];
        }
      }
      const container = typeof node === 'object' && node !== null && Array.isArray(node) === (c === 91) ? (node as Container) : undefined;
      if (container !== undefined) starts.set(container, i);
      containers.push(container);
      // An array's element index; -1 for an object.
      counts.push(c === 91 ? 0 : -1);
      expectKey = c === 123;
      i++;
    } else if (c === 93 || c === 125) {
      containers.pop();
      counts.pop();
      expectKey = false;
      i++;
    } else if (c === 44) {
      // Next element of an array, or next key of an object.
      const top = counts.length - 1;
      if (counts[top]! >= 0) counts[top]!++;
      else expectKey = true;
      i++;
    } else {
      expectKey = false;
      i++;
    }
  }
}

/** The quote that closes the string literal opening at `open`: the first one after an even run of backslashes. */
export function closingQuote(text: string, open: number): number {
  let close = open;
  for (;;) {
    close = text.indexOf('"', close + 1);
    if (close < 0) return text.length;
    let backslashes = 0;
    while (text.charCodeAt(close - 1 - backslashes) === 92) backslashes++;
    if (backslashes % 2 === 0) return close;
  }
}
