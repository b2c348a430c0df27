import { installNpmClient } from './install-npm-client.js';

/** The GitHub Copilot CLI release these tests were written against. */
export const COPILOT_VERSION = '1.0.102';

/** Installs `@github/copilot` into the e2e cache once; returns the `copilot` binary. */
export function ensureCopilot(cacheDir?: string): Promise<string> {
  return installNpmClient({ packageName: '@github/copilot', version: COPILOT_VERSION, bin: 'copilot', ...(cacheDir === undefined ? {} : { cacheDir }) });
}
