import { fileURLToPath } from 'node:url';
import { HeadroomError } from '@headroom/core';
import { headroomHome } from '@headroom/store-sqlite';
import type { Command } from 'commander';
import type { CliDeps } from '../cli-deps.js';
import { AGENTS, type AgentDefinition } from '../wrap/agents.js';
import { findOnPath } from '../wrap/find-on-path.js';
import { leaseProxy } from '../wrap/proxy-lease.js';
import { runAgent } from '../wrap/run-agent.js';

const BIN = fileURLToPath(new URL('../bin.js', import.meta.url));

export function registerWrap(program: Command, deps: CliDeps, setExit: (code: number) => void): void {
  const wrap = program
    .command('wrap')
    .description('run a coding agent through a Headroom proxy: started for it (or shared), stopped after the last wrapped agent exits')
    .enablePositionalOptions();
  for (const agent of Object.values(AGENTS)) {
    wrap
      .command(agent.name)
      .description(`${agent.description}; changes no file of the agent's`)
      .argument('[args...]', `arguments for ${agent.command}, passed through as given (put -- first to pass --help)`)
      .allowUnknownOption()
      .passThroughOptions()
      .action(async (args: string[]) => setExit(await runWrap(agent, args, deps)));
  }
}

export async function runWrap(agent: AgentDefinition, args: readonly string[], deps: CliDeps): Promise<number> {
  const env = { ...deps.io.env } as NodeJS.ProcessEnv;
  const command = findOnPath(agent.command, env);
  if (!command) throw new HeadroomError('not_found', `${agent.command} is not installed (not on PATH); install it with: ${agent.install}`);
  const lease = await leaseProxy({ home: headroomHome(env), proxyCommand: [process.execPath, BIN, 'proxy'], upstreams: agent.upstream(env), env });
  try {
    const plan = agent.plan(lease.url, args, env);
    return await runAgent(command, plan.args, { ...env, ...plan.env });
  } finally {
    await lease.release();
  }
}
