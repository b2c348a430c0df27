import { readFileSync } from 'node:fs';
import { isHeadroomError } from '@headroom/core';
import { Command, CommanderError } from 'commander';
import { type CliDeps, defaultDeps } from './cli-deps.js';
import type { CliIo } from './cli-io.js';
import { registerCompress } from './commands/compress.js';
import { registerDashboard } from './commands/dashboard.js';
import { registerLearn } from './commands/learn.js';
import { registerMcp } from './commands/mcp.js';
import { registerProxy } from './commands/proxy.js';
import { registerPrune } from './commands/prune.js';
import { registerRetrieve } from './commands/retrieve.js';
import { registerStats } from './commands/stats.js';
import { registerUnwrap } from './commands/unwrap.js';
import { registerWrap } from './commands/wrap.js';
import { exitCodeFor } from './internal/usage-error.js';

const version = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/**
 * Runs `headroom ARGS…` and resolves to the exit code: 0 ok, 1 failure, 2 usage error.
 * Errors are one line on stderr; a stack trace only for a bug, and only with HEADROOM_DEBUG=1.
 */
export async function runCli(args: readonly string[], io: CliIo, overrides: Partial<Omit<CliDeps, 'io'>> = {}): Promise<number> {
  const deps = defaultDeps(io, overrides);
  let exitCode = 0;
  const setExit = (code: number) => {
    exitCode = code;
  };
  const program = new Command('headroom')
    .description('Compress what AI models read, keeping every original retrievable.')
    .version(version, '-v, --version')
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      // Commander's own messages ("error: unknown option '--x'") in our one-line form.
      outputError: (text, write) => write(`headroom: ${text.replace(/^error: /, '').trimEnd()}\n`),
    });
  registerCompress(program, deps, setExit);
  registerRetrieve(program, deps, setExit);
  registerDashboard(program, deps, setExit);
  registerStats(program, deps, setExit);
  registerPrune(program, deps, setExit);
  registerLearn(program, deps, setExit);
  registerProxy(program, deps, setExit);
  registerWrap(program, deps, setExit);
  registerUnwrap(program, deps, setExit);
  registerMcp(program, deps, setExit);

  try {
    // `-V` too, as many CLIs spell it; commander takes one short flag for the version.
    await program.parseAsync(args[0] === '-V' ? ['--version', ...args.slice(1)] : [...args], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    // The reader went away (`headroom compress big.json | head`): not an error.
    if ((error as NodeJS.ErrnoException).code === 'EPIPE') return 0;
    if (isHeadroomError(error)) {
      io.stderr.write(`headroom: ${error.message}\n`);
      return exitCodeFor(error);
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`headroom: unexpected error: ${message}\n`);
    if (io.env.HEADROOM_DEBUG && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
    return 1;
  }
}
