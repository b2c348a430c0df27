import { HeadroomError } from '@headroom/core';
import { analyze } from './internal/analyze.js';
import { maxDepth } from './internal/depth.js';
import { encodeLossless } from './internal/lossless.js';
import { createJsonSource, parseJsonRange } from './internal/parse-json.js';
import { rememberingJson } from './internal/raw-number.js';

/** Deeper values are not re-encoded: JSON.stringify itself overflows the stack a little further down. */
export const MAX_DEPTH = 1000;

/**
 * The lossless stage: minified JSON, or the `# headroom-json v1` table encoding when that is
 * smaller. `decode(compressLossless(x))` deep-equals `x`. Accepts a JSON value or JSON text;
 * throws a HeadroomError (`invalid_argument`) for text that is not JSON or nesting beyond MAX_DEPTH.
 */
export function compressLossless(input: unknown): string {
  const value = typeof input === 'string' ? parseJson(input) : toPlainJson(input);
  const depth = maxDepth(value, MAX_DEPTH);
  if (depth > MAX_DEPTH) throw new HeadroomError('invalid_argument', `nesting deeper than ${MAX_DEPTH} levels`);
  return rememberingJson(() => encodeLossless(analyze(value)));
}

/** Parsed so that every number keeps its source text (integers beyond 2^53, `1.50`, `1e400`). */
function parseJson(text: string): unknown {
  const parsed = parseJsonRange(createJsonSource(text), 0, text.length);
  if (parsed) return parsed.value;
  try {
    JSON.parse(text);
  } catch (error) {
    throw new HeadroomError('invalid_argument', `not JSON: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  throw new HeadroomError('invalid_argument', 'not JSON');
}

/** Values that are not plain JSON (Dates, undefined, NaN...) are normalized the way JSON.stringify sees them. */
function toPlainJson(value: unknown): unknown {
  if (isPlain(value, 0)) return value;
  const text = JSON.stringify(value);
  return text === undefined ? null : JSON.parse(text);
}

function isPlain(value: unknown, depth: number): boolean {
  if (depth > MAX_DEPTH) return true;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value);
    case 'object': {
      if (value === null) return true;
      if (Array.isArray(value)) return value.every((v) => isPlain(v, depth + 1));
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) return false;
      return Object.values(value).every((v) => isPlain(v, depth + 1));
    }
    default:
      return false;
  }
}
