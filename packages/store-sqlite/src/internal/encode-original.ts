// A lone surrogate cannot be encoded as UTF-8; such strings are kept as UTF-16LE bytes instead.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The value to store for `original` so that reading it back gives the identical string. */
export function encodeOriginal(original: string): string | Buffer {
  return LONE_SURROGATE.test(original) ? Buffer.from(original, 'utf16le') : original;
}

export function decodeOriginal(stored: string | Buffer): string {
  return typeof stored === 'string' ? stored : stored.toString('utf16le');
}
