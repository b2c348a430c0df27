import { HeadroomError } from '@headroom/core';

export { isLoopbackBind } from './internal/access.js';
export { PROXY_NODE_FLAGS } from './proxy-node-flags.js';

/**
 * The proxy's limits as the command line and the environment give them: one home for their
 * names, formats and checks, used by `headroom proxy` (flags win) and by apps/proxy (env only).
 * Each value is a string as typed; absent ones are left to startProxy's defaults.
 */
export interface ProxyLimitFlags {
  readonly headersTimeout?: string;
  readonly bodyTimeout?: string;
  readonly firstByteTimeout?: string;
  readonly responseTimeout?: string;
  readonly idleTimeout?: string;
  readonly maxConnections?: string;
  readonly allowedHosts?: string;
  readonly compressionTimeout?: string;
}

/** The same limits, parsed: a subset of StartProxyOptions. */
export interface ProxyLimits {
  readonly headersTimeoutMs?: number;
  readonly bodyTimeoutMs?: number;
  readonly firstByteTimeoutMs?: number;
  readonly responseTimeoutMs?: number;
  readonly idleTimeoutMs?: number;
  readonly maxConnections?: number;
  readonly allowedHosts?: readonly string[];
  readonly compressionTimeoutMs?: number;
}

interface Setting {
  readonly flag: string;
  readonly env: string;
  readonly option: keyof ProxyLimits;
  readonly parse: (text: string) => number | readonly string[] | undefined;
}

/** Every limit: its flag, its environment variable, the startProxy option it sets. */
export const PROXY_LIMIT_SETTINGS: Readonly<Record<keyof ProxyLimitFlags, Setting>> = {
  headersTimeout: { flag: '--headers-timeout', env: 'HEADROOM_HEADERS_TIMEOUT', option: 'headersTimeoutMs', parse: parseDuration },
  bodyTimeout: { flag: '--body-timeout', env: 'HEADROOM_BODY_TIMEOUT', option: 'bodyTimeoutMs', parse: parseDuration },
  firstByteTimeout: { flag: '--first-byte-timeout', env: 'HEADROOM_FIRST_BYTE_TIMEOUT', option: 'firstByteTimeoutMs', parse: parseDuration },
  responseTimeout: { flag: '--response-timeout', env: 'HEADROOM_RESPONSE_TIMEOUT', option: 'responseTimeoutMs', parse: parseDuration },
  idleTimeout: { flag: '--idle-timeout', env: 'HEADROOM_IDLE_TIMEOUT', option: 'idleTimeoutMs', parse: parseDuration },
  maxConnections: { flag: '--max-connections', env: 'HEADROOM_MAX_CONNECTIONS', option: 'maxConnections', parse: parseCount },
  allowedHosts: { flag: '--allowed-hosts', env: 'HEADROOM_ALLOWED_HOSTS', option: 'allowedHosts', parse: parseHosts },
  compressionTimeout: { flag: '--compression-timeout', env: 'HEADROOM_COMPRESSION_TIMEOUT', option: 'compressionTimeoutMs', parse: parseDuration },
};

/** Flags win over environment variables; throws HeadroomError('invalid_argument') naming both on a bad value. */
export function resolveProxyLimits(flags: ProxyLimitFlags, env: Readonly<Record<string, string | undefined>>): ProxyLimits {
  const out: Record<string, unknown> = {};
  for (const [name, setting] of Object.entries(PROXY_LIMIT_SETTINGS) as [keyof ProxyLimitFlags, Setting][]) {
    const text = flags[name] ?? (env[setting.env]?.trim() || undefined);
    if (text === undefined) continue;
    const value = setting.parse(text.trim());
    if (value === undefined) throw new HeadroomError('invalid_argument', `${setting.flag} (env ${setting.env}) ${EXPECTED[setting.option]}, got ${JSON.stringify(text)}`);
    out[setting.option] = value;
  }
  return out as ProxyLimits;
}

const EXPECTED: Record<keyof ProxyLimits, string> = {
  headersTimeoutMs: 'must be a positive duration (500ms, 30s, 10m; a bare number is milliseconds)',
  bodyTimeoutMs: 'must be a positive duration (500ms, 30s, 10m; a bare number is milliseconds)',
  firstByteTimeoutMs: 'must be a positive duration (500ms, 30s, 10m; a bare number is milliseconds)',
  responseTimeoutMs: 'must be a positive duration (500ms, 30s, 10m; a bare number is milliseconds)',
  idleTimeoutMs: 'must be a positive duration (500ms, 30s, 10m; a bare number is milliseconds)',
  maxConnections: 'must be a whole number of at least 1',
  allowedHosts: 'must be a comma-separated list of host names (optionally host:port)',
  compressionTimeoutMs: 'must be a positive duration (500ms, 30s, 10m; a bare number is milliseconds)',
};

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** `500ms`, `30s`, `10m`, `1h`, or a bare number of milliseconds; undefined unless positive and finite. */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)?$/i.exec(text.trim());
  if (!match) return undefined;
  const ms = Math.round(Number(match[1]) * UNITS[(match[2] ?? 'ms').toLowerCase()]!);
  return ms > 0 && Number.isFinite(ms) ? ms : undefined;
}

function parseCount(text: string): number | undefined {
  if (!/^\d{1,9}$/.test(text)) return undefined;
  const count = Number(text);
  return count >= 1 ? count : undefined;
}

function parseHosts(text: string): readonly string[] | undefined {
  const hosts = text
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
  // Names, IPv4, [IPv6], each with an optional port; nothing with a scheme or a path.
  if (hosts.length === 0 || !hosts.every((h) => /^(\[[0-9a-f:.]+\]|[a-z0-9_.-]+)(:\d{1,5})?$/.test(h))) return undefined;
  return hosts;
}

/** The environment variable that turns the conversation step off (`off`) or on (`on`, the default). */
export const CHAT_ENV = 'HEADROOM_CHAT';

const SWITCH: Readonly<Record<string, boolean>> = { on: true, true: true, '1': true, yes: true, off: false, false: false, '0': false, no: false };

/**
 * Whether a proxy started from the command line or the environment runs the conversation step
 * (`chatCompressor()` from `@headroom/compressor-chat`): on unless `--no-chat` (flag `false`) or
 * `HEADROOM_CHAT=off`; `--chat` (flag `true`) wins over the environment like every other flag.
 * Throws HeadroomError('invalid_argument') for a value that is neither on nor off.
 */
export function resolveChat(flag: boolean | undefined, env: Readonly<Record<string, string | undefined>>): boolean {
  if (flag !== undefined) return flag;
  const text = env[CHAT_ENV]?.trim().toLowerCase();
  if (!text) return true;
  const value = SWITCH[text];
  if (value === undefined) throw new HeadroomError('invalid_argument', `${CHAT_ENV} must be on or off, got ${JSON.stringify(env[CHAT_ENV])}`);
  return value;
}
