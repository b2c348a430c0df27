import { fileURLToPath } from 'node:url';
import { HeadroomError } from '@headroom/core';
import { PROXY_NODE_FLAGS } from '@headroom/proxy/config';
import { headroomHome } from '@headroom/store-sqlite';
import type { Command } from 'commander';
import type { CliDeps } from '../cli-deps.js';
import { writeFully } from '../cli-io.js';
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
  wrap
    .command('cursor')
    .description('Cursor is a desktop app: prints the settings that send its models through a Headroom proxy')
    .action(async () => {
      await writeFully(deps.io.stdout, CURSOR_SETTINGS);
      setExit(0);
    });
}

// Not tested against Cursor itself: it does not install on the machine Headroom is built on.
const CURSOR_SETTINGS = `Cursor cannot be wrapped like a command-line agent, and today it cannot go through Headroom safely:
  Cursor calls a custom base URL from its own servers, not from this machine, so the proxy would
  have to be reachable from the internet; Headroom only serves clients beyond loopback that send
  an x-headroom-token header, and Cursor cannot add one.
The settings it would take, for a proxy reachable at https://YOUR-PROXY-HOST:
  Cursor > Settings > Models > API Keys > OpenAI API Key: your key
  "Override OpenAI Base URL": https://YOUR-PROXY-HOST/v1
Nothing on this machine was changed.
`;

export async function runWrap(agent: AgentDefinition, args: readonly string[], deps: CliDeps): Promise<number> {
  const env = { ...deps.io.env } as NodeJS.ProcessEnv;
  const command = findOnPath(agent.command, env);
  if (!command) throw new HeadroomError('not_found', `${agent.command} is not installed (not on PATH); install it with: ${agent.install}`);
  const lease = await leaseProxy({ home: headroomHome(env), proxyCommand: [process.execPath, ...PROXY_NODE_FLAGS, BIN, 'proxy'], upstreams: agent.upstream(env), env });
  try {
    const plan = agent.plan(lease.url, args, env);
    return await runAgent(command, plan.args, { ...env, ...plan.env });
  } finally {
    await lease.release();
  }
}
