import { createHash } from 'node:crypto';

/** Length of a ref in hex characters: 24 hex = 96 bits of SHA-256. */
export const REF_HEX_LENGTH = 24;

/**
 * The one hash of the project: SHA-256 over the UTF-8 bytes, first 96 bits, lowercase hex.
 * Store keys, markers, the MCP server and the proxy all use this and nothing else.
 */
export function refOf(content: string): string {
  return createHash('sha256').update(content, 'utf8').digest('hex').slice(0, REF_HEX_LENGTH);
}

/** Full SHA-256 hex, for memo keys where the longer key costs nothing. */
export function contentHash(content: string): string {
  return createHash('sha256').update(content, 'utf8').digest('hex');
}

const REF_PATTERN = /^[0-9a-f]{24}$/;

/** Normalizes a ref a model or a user typed back (case, whitespace); undefined if it is not one. */
export function normalizeRef(input: string): string | undefined {
  const ref = input.trim().toLowerCase();
  return REF_PATTERN.test(ref) ? ref : undefined;
}
