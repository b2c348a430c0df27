import { installNpmClient } from './install-npm-client.js';

/** The Gemini CLI release these tests were written against. */
export const GEMINI_CLI_VERSION = '0.61.0';

/** Installs `@google/gemini-cli` into the e2e cache once; returns the `gemini` binary. */
export function ensureGeminiCli(cacheDir?: string): Promise<string> {
  return installNpmClient({ packageName: '@google/gemini-cli', version: GEMINI_CLI_VERSION, bin: 'gemini', ...(cacheDir === undefined ? {} : { cacheDir }) });
}

/**
 * The user settings a fresh HOME needs for a non-interactive run: API-key sign-in (otherwise the
 * CLI stops at "Invalid auth method selected"), and no update checks or usage statistics.
 */
export const GEMINI_CLI_SETTINGS = JSON.stringify({
  security: { auth: { selectedType: 'gemini-api-key' } },
  general: { disableAutoUpdate: true },
  privacy: { usageStatisticsEnabled: false },
  telemetry: { enabled: false },
});
