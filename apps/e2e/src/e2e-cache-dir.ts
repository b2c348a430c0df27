import { homedir } from 'node:os';
import { join } from 'node:path';

/** Where real clients are installed on demand: `$HEADROOM_E2E_CACHE`, else `~/.cache/headroom-e2e`. */
export function e2eCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.HEADROOM_E2E_CACHE;
  return fromEnv !== undefined && fromEnv !== '' ? fromEnv : join(homedir(), '.cache', 'headroom-e2e');
}
