/** The store URL for messages and logs: scheme, host, port and database, never a password. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname === '/' ? '' : parsed.pathname}`;
  } catch {
    return 'an unparseable Redis URL';
  }
}
