import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { usageError } from '../internal/usage-error.js';
import type { AgentDefinition } from './agent-definition.js';

type Upstreams = { anthropic?: string; openai?: string; google?: string };
interface OpencodeConfig {
  provider?: Record<string, { options?: { baseURL?: string } & Record<string, unknown> } & Record<string, unknown>>;
  [key: string]: unknown;
}

const PROVIDERS = ['anthropic', 'openai'] as const;

/**
 * opencode merges `OPENCODE_CONFIG_CONTENT` (inline JSON) over its config files, so the wrapper
 * points the Anthropic and OpenAI providers at the proxy there, for this run only; the user's own
 * inline config is kept and merged. A base URL the user set (inline or in a config file) becomes
 * the proxy's upstream.
 */
export const opencode: AgentDefinition = {
  name: 'opencode',
  command: 'opencode',
  description: 'opencode: its Anthropic and OpenAI providers point at the proxy through OPENCODE_CONFIG_CONTENT for this run only',
  install: 'npm install -g opencode-ai',
  upstream(env) {
    const upstreams: Upstreams = {};
    // Later sources win, as in opencode: global file, OPENCODE_CONFIG file, project file, inline.
    for (const config of [...configFiles(env).map(readConfigFile), inlineConfig(env)]) {
      for (const provider of PROVIDERS) {
        const base = config?.provider?.[provider]?.options?.baseURL;
        if (typeof base === 'string') upstreams[provider] = base.replace(/\/v1\/?$/, '');
      }
    }
    return upstreams;
  },
  plan(proxyUrl, userArgs, env) {
    const config = inlineConfig(env) ?? {};
    const provider = { ...config.provider };
    // The AI SDK providers opencode uses take a base URL that includes /v1.
    for (const name of PROVIDERS) provider[name] = { ...provider[name], options: { ...provider[name]?.options, baseURL: `${proxyUrl}/v1` } };
    return { env: { OPENCODE_CONFIG_CONTENT: JSON.stringify({ ...config, provider }) }, args: [...userArgs] };
  },
};

function inlineConfig(env: NodeJS.ProcessEnv): OpencodeConfig | undefined {
  const inline = env.OPENCODE_CONFIG_CONTENT;
  if (!inline) return undefined;
  try {
    return JSON.parse(inline) as OpencodeConfig;
  } catch {
    throw usageError('OPENCODE_CONFIG_CONTENT is not valid JSON; fix or unset it before wrapping opencode');
  }
}

function configFiles(env: NodeJS.ProcessEnv): string[] {
  const configHome = env.XDG_CONFIG_HOME ?? join(env.HOME ?? homedir(), '.config');
  return [join(configHome, 'opencode', 'opencode.json'), ...(env.OPENCODE_CONFIG ? [env.OPENCODE_CONFIG] : []), join(env.PWD ?? process.cwd(), 'opencode.json')];
}

/** A config file's providers; a file that is missing or not plain JSON (JSONC) is not read. */
function readConfigFile(file: string): OpencodeConfig | undefined {
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as OpencodeConfig;
  } catch {
    return undefined;
  }
}
