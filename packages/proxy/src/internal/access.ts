import { createHash, timingSafeEqual } from 'node:crypto';
import { isLoopbackAddress, isLoopbackBind } from '@headroom/core';
import { isIP } from 'node:net';

// Re-exported: the proxy's callers (CLI, reference app) take them from here.
export { isLoopbackAddress, isLoopbackBind };

/** A Host header (or an Origin's host) split into its lowercased name and port; undefined when malformed. */
function splitHost(host: string): { name: string; port: string | undefined } | undefined {
  const value = host.trim().toLowerCase();
  const match = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(value) ?? (isIP(value) === 6 ? [value, `[${value}]`, undefined] : null);
  if (!match) return undefined;
  return { name: match[1]!, port: match[2] };
}

/**
 * True when the Host header names this machine by a loopback name. A browser tricked by DNS
 * rebinding sends the attacker's host name here, so this refuses it.
 */
export function isLoopbackHostHeader(host: string | undefined): boolean {
  const split = host === undefined ? undefined : splitHost(host);
  return split !== undefined && isLoopbackBind(split.name);
}

/** Which host names, besides loopback ones, may address the proxy. */
export interface HostPolicy {
  /** `name` (any port) or `name:port`, lowercased. */
  readonly allowedHosts: readonly string[];
  /** The address the proxy listens on: a client naming it directly is no rebinding page. */
  readonly bindHost: string;
}

/**
 * True when a Host header (`name[:port]`) is a loopback name, an allowed host, or the specific
 * address the proxy is bound to. Wildcard binds (0.0.0.0, ::) name no host and allow none.
 */
export function hostAllowed(host: string | undefined, policy: HostPolicy): boolean {
  if (host === undefined) return false;
  // Clients send the same Host on every request: the answer is remembered per policy (bounded).
  let answers = remembered.get(policy);
  if (!answers) remembered.set(policy, (answers = new Map()));
  const known = answers.get(host);
  if (known !== undefined) return known;
  const allowed = decideHost(host, policy);
  if (answers.size >= MAX_REMEMBERED_HOSTS) answers.clear();
  answers.set(host, allowed);
  return allowed;
}

const remembered = new WeakMap<HostPolicy, Map<string, boolean>>();
const MAX_REMEMBERED_HOSTS = 256;

function decideHost(host: string, policy: HostPolicy): boolean {
  const split = splitHost(host);
  if (!split) return false;
  if (isLoopbackBind(split.name)) return true;
  const bind = splitHost(policy.bindHost)?.name;
  if (bind !== undefined && bind === split.name && bind !== '0.0.0.0' && bind !== '[::]' && bind !== '::') return true;
  const withPort = split.port === undefined ? split.name : `${split.name}:${split.port}`;
  return policy.allowedHosts.some((allowed) => allowed === split.name || allowed === withPort);
}

/** An Origin header (`scheme://host[:port]`) passes when its host would; `null` and junk never do. */
export function originAllowed(origin: string, policy: HostPolicy): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  return hostAllowed(url.host, policy);
}

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/** Constant-time comparison (equal-length digests, so the length of the secret does not leak either). */
export function tokenMatches(given: string | string[] | undefined, expected: string): boolean {
  if (typeof given !== 'string') return false;
  return timingSafeEqual(digest(given), digest(expected));
}
