import { installNpmClient } from './install-npm-client.js';

/** The opencode release these tests were written against. */
export const OPENCODE_VERSION = '1.18.33';

/** Installs `opencode-ai` (a native binary per platform) into the e2e cache once; returns the `opencode` binary. */
export function ensureOpencode(cacheDir?: string): Promise<string> {
  return installNpmClient({ packageName: 'opencode-ai', version: OPENCODE_VERSION, bin: 'opencode', ...(cacheDir === undefined ? {} : { cacheDir }) });
}
