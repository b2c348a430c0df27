import { usageError } from './usage-error.js';

/** A TCP port from the command line or the environment; `name` is how the user wrote the setting. */
export function parsePort(text: string, name: string): number {
  const port = /^\d{1,5}$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
  if (!(port >= 0 && port <= 65_535)) throw usageError(`${name} must be a whole number from 0 to 65535, got ${JSON.stringify(text)}`);
  return port;
}
