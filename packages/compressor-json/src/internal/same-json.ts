import { isRawNumber, rawText } from './raw-number.js';

/**
 * Whether two parsed values have the same JSON text (`stringifyJson(a) === stringifyJson(b)`),
 * found by walking both side by side: a difference stops the walk where it is, and nothing is
 * written. Keys compare in order, as JSON writes them; numbers by value (JSON writes `-0` as `0`),
 * numbers kept as their source text by that text.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) return false;
  if (isRawNumber(a) || isRawNumber(b)) return isRawNumber(a) && isRawNumber(b) && rawText(a) === rawText(b);
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const keys = Object.keys(a);
  const other = Object.keys(b);
  if (keys.length !== other.length) return false;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    if (key !== other[i] || !sameJson((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key])) return false;
  }
  return true;
}
