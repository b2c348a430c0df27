import { createHash, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';

/** True for 127.0.0.0/8, ::1 and their IPv4-mapped forms. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const bare = address.startsWith('::ffff:') ? address.slice(7) : address;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  return bare === '::1';
}

/** True when the address the proxy binds to is only reachable from this machine. */
export function isLoopbackBind(host: string): boolean {
  return host === 'localhost' || isLoopbackAddress(host);
}

/**
 * True when the Host header names this machine by a loopback name. A browser tricked by DNS
 * rebinding sends the attacker's host name here, so this refuses it.
 */
export function isLoopbackHostHeader(host: string | undefined): boolean {
  if (!host) return false;
  let name = host.toLowerCase();
  if (name.startsWith('[')) name = name.slice(1, name.indexOf(']'));
  else if (name.includes(':') && isIP(name) !== 6) name = name.slice(0, name.lastIndexOf(':'));
  return name === 'localhost' || isLoopbackAddress(name);
}

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/** Constant-time comparison (equal-length digests, so the length of the secret does not leak either). */
export function tokenMatches(given: string | string[] | undefined, expected: string): boolean {
  if (typeof given !== 'string') return false;
  return timingSafeEqual(digest(given), digest(expected));
}
