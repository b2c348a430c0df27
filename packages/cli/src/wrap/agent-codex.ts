import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { AgentDefinition } from './agent-definition.js';

/**
 * Codex ignores OPENAI_BASE_URL on its default transport, so it gets a provider of its own,
 * given as `-c` overrides on its command line: nothing is written to `config.toml`.
 */
export const codex: AgentDefinition = {
  name: 'codex',
  command: 'codex',
  description: 'Codex: a "headroom" Responses provider given as -c overrides for this run only',
  install: 'npm install -g @openai/codex',
  upstream(env) {
    const configured = codexConfiguredBaseUrl(env);
    const base = configured ?? env.OPENAI_BASE_URL;
    return base ? { openai: base.replace(/\/v1\/?$/, '') } : {};
  },
  plan(proxyUrl, userArgs) {
    const provider = `{name="headroom",base_url="${proxyUrl}/v1",wire_api="responses",env_key="OPENAI_API_KEY"}`;
    return { env: {}, args: ['-c', 'model_provider="headroom"', '-c', `model_providers.headroom=${provider}`, ...userArgs] };
  },
};

export function codexHome(env: NodeJS.ProcessEnv): string {
  return env.CODEX_HOME ?? join(homedir(), '.codex');
}

/**
 * The base URL of the provider the user's Codex config selects, when it is a custom one. A
 * line-based read of the two keys that matter: `model_provider` at the top level and `base_url`
 * in that provider's table.
 */
export function codexConfiguredBaseUrl(env: NodeJS.ProcessEnv): string | undefined {
  const file = join(codexHome(env), 'config.toml');
  if (!existsSync(file)) return undefined;
  let table = '';
  let provider: string | undefined;
  const urls = new Map<string, string>();
  for (const raw of readFileSync(file, 'utf8').split('\n')) {
    const line = raw.trim();
    const header = /^\[([^\]]+)\]$/.exec(line);
    if (header) {
      table = header[1]!.trim();
      continue;
    }
    const pair = /^([A-Za-z0-9_.-]+)\s*=\s*"([^"]*)"/.exec(line);
    if (!pair) continue;
    if (table === '' && pair[1] === 'model_provider') provider = pair[2];
    const providerTable = /^model_providers\.("?)([^"]+)\1$/.exec(table);
    if (providerTable && pair[1] === 'base_url') urls.set(providerTable[2]!, pair[2]!);
  }
  return provider && provider !== 'headroom' ? urls.get(provider) : undefined;
}
