import { spawn } from 'node:child_process';

const FORWARDED = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'] as const;

/**
 * Runs the agent in this terminal and resolves with its exit code. Signals this process gets are
 * passed on to the agent, which decides how to end; this process waits for it, so cleanup after
 * it (releasing the proxy) always runs. At a terminal, Ctrl-C already reaches the agent (it is
 * in the same process group), so SIGINT is not sent a second time.
 */
export function runAgent(command: string, args: readonly string[], env: NodeJS.ProcessEnv, atTerminal = process.stdin.isTTY === true): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'inherit', env });
    const forward = (signal: NodeJS.Signals) => {
      if (!(signal === 'SIGINT' && atTerminal)) child.kill(signal);
    };
    for (const signal of FORWARDED) process.on(signal, forward);
    const done = () => {
      for (const signal of FORWARDED) process.off(signal, forward);
    };
    child.once('error', (error) => {
      done();
      reject(error);
    });
    child.once('exit', (code, signal) => {
      done();
      resolve(code ?? (signal ? 128 + signalNumber(signal) : 1));
    });
  });
}

function signalNumber(signal: NodeJS.Signals): number {
  return { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGTERM: 15 }[signal as string] ?? 1;
}
