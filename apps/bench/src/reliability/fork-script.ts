import { type ChildProcess, fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface Forked {
  readonly child: ChildProcess;
  /** What the child announced in its `ready` message (a server's URL), if anything. */
  readonly url: string;
  /** Resolves with the next message of this `type` the child sends. */
  next<T extends { type: string }>(type: T['type'], timeoutMs?: number): Promise<T>;
  stop(): Promise<void>;
}

/** Forks one of this folder's compiled scripts and waits for its first `ready` message. */
export async function forkScript(script: string, args: readonly string[]): Promise<Forked> {
  const here = fileURLToPath(new URL(`./${script}.js`, import.meta.url));
  const path = existsSync(here) ? here : here.replace(/([/\\])src([/\\])reliability([/\\])/, '$1dist$2reliability$3');
  const child = fork(path, [...args], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  // A message to a child that is already exiting fails with EPIPE: it is going anyway.
  child.on('error', () => undefined);
  const next = <T extends { type: string }>(type: T['type'], timeoutMs = 120_000) =>
    new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => done(new Error(`${script} sent no "${type}" within ${timeoutMs} ms`)), timeoutMs);
      const onMessage = (message: T) => {
        if (message.type === type) done(undefined, message);
      };
      const onExit = (code: number | null) => done(new Error(`${script} exited (${code}) before "${type}"`));
      function done(error?: Error, value?: T) {
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onExit);
        if (error) reject(error);
        else resolve(value as T);
      }
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  const ready = await next<{ type: string; url?: string }>('ready');
  return {
    child,
    url: ready.url ?? '',
    next,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      if (child.connected) child.send({ type: 'close' });
      await exited;
    },
  };
}
