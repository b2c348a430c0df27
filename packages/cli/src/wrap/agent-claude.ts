import type { AgentDefinition } from './agent-definition.js';

export const claude: AgentDefinition = {
  name: 'claude',
  command: 'claude',
  description: 'Claude Code: ANTHROPIC_BASE_URL points at the proxy for this run only',
  install: 'npm install -g @anthropic-ai/claude-code',
  upstream: (env) => (env.ANTHROPIC_BASE_URL ? { anthropic: env.ANTHROPIC_BASE_URL } : {}),
  plan: (proxyUrl, userArgs) => ({ env: { ANTHROPIC_BASE_URL: proxyUrl }, args: [...userArgs] }),
};
