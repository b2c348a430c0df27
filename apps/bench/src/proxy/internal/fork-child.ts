import { type ChildProcess, fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PROXY_NODE_FLAGS } from '@headroom/proxy/config';
import type { ChildReply, ChildRequest } from './child-protocol.js';

export interface ForkedChild {
  readonly url: string;
  ask<T extends ChildReply['type']>(request: ChildRequest, expect: T): Promise<Extract<ChildReply, { type: T }>>;
  close(): Promise<void>;
}

/**
 * Forks one of the bench's server scripts (`upstream-process`, `proxy-process`) with
 * --expose-gc (the proxy with its node flags too) and waits until it listens. Always runs the compiled `.js`: under vitest this
 * module is loaded from src/, where only the `.ts` exists, so it looks in dist/ instead.
 */
export async function forkChild(script: 'upstream-process' | 'proxy-process' | 'relay-process', args: readonly string[]): Promise<ForkedChild> {
  // The proxy starts with the flags `headroom proxy` and apps/proxy start it with; the relay and the upstream with none.
  const execArgv = script === 'proxy-process' ? ['--expose-gc', ...PROXY_NODE_FLAGS] : ['--expose-gc'];
  const child = fork(compiledScript(script), [...args], { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ready = await nextReply(child, 'ready', 30_000);
  return {
    url: ready.url,
    ask: (request, expect) => {
      const reply = nextReply(child, expect, 30_000);
      child.send(request);
      return reply;
    },
    close: async () => {
      if (!child.connected) return;
      const closed = nextReply(child, 'closed', 30_000).catch(() => undefined);
      child.send({ type: 'close' });
      await closed;
      if (child.exitCode === null) await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}

function compiledScript(script: string): string {
  const here = fileURLToPath(new URL(`./${script}.js`, import.meta.url));
  if (existsSync(here)) return here;
  return here.replace(/([/\\])src([/\\])proxy([/\\])/, '$1dist$2proxy$3');
}

function nextReply<T extends ChildReply['type']>(child: ChildProcess, type: T, timeoutMs: number): Promise<Extract<ChildReply, { type: T }>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`bench child sent no "${type}" within ${timeoutMs} ms`)), timeoutMs);
    const onMessage = (message: ChildReply) => {
      if (message.type === type) done(undefined, message as Extract<ChildReply, { type: T }>);
    };
    const onExit = (code: number | null) => done(new Error(`bench child exited (${code}) before "${type}"`));
    function done(error?: Error, value?: Extract<ChildReply, { type: T }>) {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      if (error) reject(error);
      else resolve(value as Extract<ChildReply, { type: T }>);
    }
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}
