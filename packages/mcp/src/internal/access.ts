import { createHash, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';

// The same rules as the proxy's (packages/proxy/src/internal/access.ts), which does not export
// them; one shared home in core would be better (see the README).

/** True for 127.0.0.0/8, ::1 and their IPv4-mapped forms. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const bare = address.startsWith('::ffff:') ? address.slice(7) : address;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  return bare === '::1';
}

/** True when binding to `host` is only reachable from this machine. */
export function isLoopbackBind(host: string): boolean {
  return host === 'localhost' || isLoopbackAddress(host.replace(/^\[|\]$/g, ''));
}

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/** The token among `tokens` that `given` equals, compared in constant time. */
export function matchingToken(given: string | undefined, tokens: readonly string[]): string | undefined {
  if (given === undefined) return undefined;
  const wanted = digest(given);
  let found: string | undefined;
  // Every token is compared, so the position of a match does not show in the timing either.
  for (const token of tokens) if (timingSafeEqual(wanted, digest(token))) found = token;
  return found;
}

/** The credential of `Authorization: Bearer X`, if any. */
export function bearerOf(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S.*)$/i.exec(header ?? '');
  return match?.[1]?.trim() || undefined;
}
