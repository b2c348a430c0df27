import type { JsonSource } from './parse-json.js';

/**
 * A number token our parser would keep as text (its JavaScript value would not print as written),
 * or one that may be: an exponent, a fraction ending in 0, `-0`, 16+ digits, or below 1e-6. A
 * number in JSON follows `:`, `,` or `[` and is followed by `,`, `]` or `}` (spacing aside), so a
 * timestamp's `:00.000Z` inside a string does not match; a string that looks like `, 1.50]` does,
 * which only costs the slow path, never a wrong value.
 */
export const MAYBE_RAW_NUMBER =
  /[:,[][ \t\r\n]*(?=-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?[ \t\r\n]*[,\]}])(?:-0(?![.\deE])|-?(?:\d{16}|[\d.]{17}|0\.0{6}|\d+(?:\.\d+)?[eE]|\d+\.\d*0(?!\d)))/;

/**
 * JSON.parse rejected the text. Our parser accepts exactly what JSON.parse accepts, so it would
 * reject it too: the caller need not try it (on JSON Lines it would parse a whole line to fail).
 */
export const NOT_JSON: unique symbol = Symbol('not JSON');

/**
 * Parses `source.text[from, to)` with the native JSON.parse when that builds exactly what our own
 * parser would: valid JSON with no number that must stay text. Where values came from is then
 * recorded only when asked (see index-deferred.ts). Undefined when the caller must use
 * parseJsonRange (a number must keep its text), NOT_JSON when the text is not JSON.
 */
export function parseNative(source: JsonSource, from: number, to: number): { value: unknown } | undefined | typeof NOT_JSON {
  const text = from === 0 && to === source.text.length ? source.text : source.text.slice(from, to);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return NOT_JSON;
  }
  if (MAYBE_RAW_NUMBER.test(text)) return undefined;
  if (typeof value === 'object' && value !== null) source.deferred.push({ value, from, to });
  return { value };
}
