import { usageError } from './usage-error.js';

/**
 * The one parser of `--store` / `HEADROOM_STORE`: `sqlite` (or nothing) is the default file under
 * HEADROOM_HOME (undefined); a `redis://` or `rediss://` URL is checked here, so that a typo fails
 * before anything starts. A usage error never echoes the password.
 */
export function resolveStoreUrl(value: string | undefined, flag = '--store'): string | undefined {
  if (value === undefined || value === 'sqlite') return undefined;
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'redis:' && url.protocol !== 'rediss:') || url.hostname === '') {
    throw usageError(`${flag} must be sqlite or a redis://HOST:PORT/DB URL, got ${JSON.stringify(value.replace(/\/\/[^@/]*@/, '//…@'))}`);
  }
  if (!/^\/?\d*$/.test(url.pathname)) throw usageError(`${flag}: the Redis database must be a number (redis://HOST:PORT/0), got ${JSON.stringify(url.pathname)}`);
  return value;
}

/**
 * A store URL for messages: never its password. The same rule as @headroom/store-redis's own, kept
 * here so that commands that never touch Redis do not load its client to print a path.
 */
export function redactStoreUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname === '/' ? '' : parsed.pathname}`;
  } catch {
    return 'redis://…';
  }
}
