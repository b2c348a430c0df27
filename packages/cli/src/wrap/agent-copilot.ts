import { usageError } from '../internal/usage-error.js';
import type { AgentDefinition } from './agent-definition.js';

/**
 * GitHub Copilot CLI talks to GitHub's hosted models unless `COPILOT_PROVIDER_BASE_URL` selects
 * the user's own provider (its "BYOK" mode). Only that mode can go through Headroom: the wrapper
 * moves the base URL to the proxy for this run and gives the user's URL to the proxy as upstream.
 */
export const copilot: AgentDefinition = {
  name: 'copilot',
  command: 'copilot',
  description: "GitHub Copilot CLI with your own provider (COPILOT_PROVIDER_BASE_URL): the base URL points at the proxy for this run only",
  install: 'npm install -g @github/copilot',
  upstream(env) {
    const base = env.COPILOT_PROVIDER_BASE_URL;
    if (!base) {
      throw usageError(
        'Copilot CLI sends requests to GitHub\'s hosted models, which Headroom cannot sit in front of; set COPILOT_PROVIDER_BASE_URL, COPILOT_PROVIDER_TYPE (openai or anthropic), COPILOT_PROVIDER_API_KEY and COPILOT_MODEL for your own provider (see `copilot help providers`), then wrap it',
      );
    }
    const type = copilotProviderType(env);
    return type === 'anthropic' ? { anthropic: base } : { openai: base.replace(/\/v1\/?$/, '') };
  },
  plan(proxyUrl, userArgs, env) {
    // The OpenAI type takes a base URL that includes /v1; the Anthropic SDK adds /v1 itself.
    const base = copilotProviderType(env) === 'anthropic' ? proxyUrl : `${proxyUrl}/v1`;
    return { env: { COPILOT_PROVIDER_BASE_URL: base }, args: [...userArgs] };
  },
};

function copilotProviderType(env: NodeJS.ProcessEnv): 'openai' | 'anthropic' {
  const type = (env.COPILOT_PROVIDER_TYPE ?? 'openai').toLowerCase();
  if (type === 'openai' || type === 'anthropic') return type;
  throw usageError(`COPILOT_PROVIDER_TYPE=${type} is not supported through Headroom (the proxy speaks the OpenAI and Anthropic APIs); use openai or anthropic`);
}
