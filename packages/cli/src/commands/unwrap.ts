import type { Command } from 'commander';
import type { CliDeps } from '../cli-deps.js';
import { writeFully } from '../cli-io.js';
import { AGENTS, type AgentName } from '../wrap/agents.js';
import { unwrap } from '../wrap/unwrap.js';

export function registerUnwrap(program: Command, deps: CliDeps, setExit: (code: number) => void): void {
  const command = program
    .command('unwrap')
    .description("repair an agent's config left pointing at a Headroom proxy that is gone (after a crash of an older wrapper)");
  for (const agent of Object.values(AGENTS)) {
    command
      .command(agent.name)
      .description(`repair ${agent.command}'s config`)
      .action(async () => setExit(await runUnwrap(agent.name, deps)));
  }
}

export async function runUnwrap(agent: AgentName, deps: CliDeps): Promise<number> {
  const changes = await unwrap(agent, deps.io.env as NodeJS.ProcessEnv, deps.io.cwd);
  const text = changes.length === 0 ? `${agent}: nothing to repair (headroom wrap ${agent} writes no config file)\n` : `${changes.join('\n')}\n`;
  await writeFully(deps.io.stdout, text);
  return 0;
}
