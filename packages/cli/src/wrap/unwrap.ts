import { copyFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { type AgentName, codexHome } from './agents.js';

/**
 * Repairs agent configuration that points at a Headroom proxy which is gone — left behind by a
 * crash of a wrapper that wrote config files (ours writes none; older tools did). Returns one line
 * per change made; an empty list means there was nothing to repair.
 */
export async function unwrap(agent: AgentName, env: NodeJS.ProcessEnv, cwd: string): Promise<string[]> {
  if (agent === 'claude') return unwrapClaude(env, cwd);
  if (agent === 'codex') return unwrapCodex(env);
  // The other agents were only ever given environment variables for one run: nothing can be left.
  return [];
}

async function unwrapClaude(env: NodeJS.ProcessEnv, cwd: string): Promise<string[]> {
  const home = env.HOME ?? homedir();
  const files = [join(env.CLAUDE_CONFIG_DIR ?? join(home, '.claude'), 'settings.json'), join(cwd, '.claude', 'settings.local.json')];
  const changes: string[] = [];
  for (const file of files) {
    if (!existsSync(file)) continue;
    let settings: { env?: Record<string, string> };
    try {
      settings = JSON.parse(readFileSync(file, 'utf8'));
    } catch {
      continue;
    }
    const url = settings.env?.ANTHROPIC_BASE_URL;
    if (!url || !isLoopback(url) || (await answers(url))) continue;
    delete settings.env!.ANTHROPIC_BASE_URL;
    writeFileSync(file, `${JSON.stringify(settings, null, 2)}\n`);
    changes.push(`${file}: removed ANTHROPIC_BASE_URL=${url} (nothing answers there)`);
  }
  return changes;
}

async function unwrapCodex(env: NodeJS.ProcessEnv): Promise<string[]> {
  const config = join(codexHome(env), 'config.toml');
  const backup = `${config}.headroom-backup`;
  if (existsSync(backup)) {
    copyFileSync(backup, config);
    rmSync(backup);
    return [`${config}: restored from ${backup}`];
  }
  if (!existsSync(config)) return [];
  const lines = readFileSync(config, 'utf8').split('\n');
  const kept: string[] = [];
  let inHeadroomTable = false;
  for (const line of lines) {
    const header = /^\s*\[([^\]]+)\]\s*$/.exec(line);
    if (header) inHeadroomTable = /^model_providers\.("?)headroom\1$/.test(header[1]!.trim());
    if (inHeadroomTable) continue;
    if (/^\s*model_provider\s*=\s*"headroom"\s*$/.test(line)) continue;
    kept.push(line);
  }
  if (kept.length === lines.length) return [];
  writeFileSync(config, kept.join('\n'));
  return [`${config}: removed the "headroom" model provider`];
}

function isLoopback(url: string): boolean {
  try {
    return ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(url).hostname);
  } catch {
    return false;
  }
}

async function answers(url: string): Promise<boolean> {
  try {
    await fetch(new URL('/livez', url), { signal: AbortSignal.timeout(1000) });
    return true;
  } catch {
    return false;
  }
}
