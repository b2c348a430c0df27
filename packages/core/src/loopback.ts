import { isIP } from 'node:net';

/**
 * Loopback knowledge for every host (proxy, MCP server, dashboards): one home, so a bind or a
 * peer is judged the same way everywhere.
 */

/** True for 127.0.0.0/8, ::1 and their IPv4-mapped forms. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const bare = address.startsWith('::ffff:') ? address.slice(7) : address;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  return bare === '::1';
}

/** True when binding to `host` (a name, an address, or a bracketed IPv6 address) is only reachable from this machine. */
export function isLoopbackBind(host: string): boolean {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  return bare.toLowerCase() === 'localhost' || isLoopbackAddress(bare);
}
