// A lone surrogate cannot be encoded as UTF-8; such strings are kept as UTF-16LE bytes instead.
// String.prototype.isWellFormed (V8, Node >= 20) is native and free for one-byte strings, which
// most tool output is; a regex scan cost ~0.5 ms per 100 KB of two-byte text.
const isWellFormed = (text: string): boolean => (text as string & { isWellFormed(): boolean }).isWellFormed();

/** The value to store for `original` so that reading it back gives the identical string. */
export function encodeOriginal(original: string): string | Buffer {
  return isWellFormed(original) ? original : Buffer.from(original, 'utf16le');
}

export function decodeOriginal(stored: string | Buffer): string {
  return typeof stored === 'string' ? stored : stored.toString('utf16le');
}
