import type { AgentDefinition } from './agent-definition.js';

/**
 * aider (a Python program, installed with pip or pipx) reaches models through litellm, which
 * reads the OpenAI base URL from `OPENAI_API_BASE` and the Anthropic one from
 * `ANTHROPIC_API_BASE`. Not tested against the real aider: it cannot be installed on the machine
 * Headroom is built on (no PyPI).
 */
export const aider: AgentDefinition = {
  name: 'aider',
  command: 'aider',
  description: 'aider: OPENAI_API_BASE and ANTHROPIC_API_BASE point at the proxy for this run only (untested against the real aider)',
  install: 'python -m pip install aider-install && aider-install',
  upstream(env) {
    const anthropic = env.ANTHROPIC_API_BASE ?? env.ANTHROPIC_BASE_URL;
    const openai = env.OPENAI_API_BASE ?? env.OPENAI_BASE_URL;
    return { ...(anthropic ? { anthropic } : {}), ...(openai ? { openai: openai.replace(/\/v1\/?$/, '') } : {}) };
  },
  plan: (proxyUrl, userArgs) => ({ env: { OPENAI_API_BASE: `${proxyUrl}/v1`, ANTHROPIC_API_BASE: proxyUrl }, args: [...userArgs] }),
};
