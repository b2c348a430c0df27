import type { AgentDefinition } from './agent-definition.js';

/**
 * The Gemini CLI reads its API base URL from `GOOGLE_GEMINI_BASE_URL` (API-key sign-in, the
 * `gemini-api-key` auth type); a base URL you already set becomes the proxy's upstream. Signing in
 * with a Google account (Code Assist) talks to another backend that the proxy does not serve.
 */
export const gemini: AgentDefinition = {
  name: 'gemini',
  command: 'gemini',
  description: 'Gemini CLI (API key): GOOGLE_GEMINI_BASE_URL points at the proxy for this run only',
  install: 'npm install -g @google/gemini-cli',
  upstream: (env) => (env.GOOGLE_GEMINI_BASE_URL ? { google: env.GOOGLE_GEMINI_BASE_URL } : {}),
  plan: (proxyUrl, userArgs) => ({ env: { GOOGLE_GEMINI_BASE_URL: proxyUrl }, args: [...userArgs] }),
};
