import { collapseSpace } from './collapse-space.js';

const OFFSET = 0x811c9dc5 | 0;
const PRIME = 0x01000193;

/** The key two passages are compared by: case and runs of whitespace aside. */
export function foldedKey(text: string): string {
  return collapseSpace(text.toLowerCase());
}

/**
 * A 32-bit FNV-1a hash of `foldedKey(text)`, in one pass and without building the key when `text`
 * is ASCII (lowercasing is then `+ 32` on `A`–`Z`, and `\s` is tab to carriage return and space).
 * Equal keys have equal hashes: a table of these finds repeated passages without a string per
 * passage; a hash that matches is confirmed on the keys themselves.
 */
export function foldedHash(text: string): number {
  let hash = OFFSET;
  let inSpace = false;
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c >= 128) return hashOf(foldedKey(text));
    if (c === 32 || (c >= 9 && c <= 13)) {
      if (inSpace) continue;
      inSpace = true;
      c = 32;
    } else {
      inSpace = false;
      if (c >= 65 && c <= 90) c += 32;
    }
    hash = Math.imul(hash ^ c, PRIME);
  }
  return hash;
}

function hashOf(key: string): number {
  let hash = OFFSET;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), PRIME);
  return hash;
}
