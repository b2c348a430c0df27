import { spawn } from 'node:child_process';
import type { ProcessResult } from '@headroom/e2e';

export interface WatchedProcessOptions {
  readonly cwd?: string;
  readonly env: NodeJS.ProcessEnv;
  /** The child is killed (SIGKILL) after this long and `timedOut` is set. */
  readonly timeoutMs: number;
}

export interface WatchedProcess {
  /** Everything the child has printed to stdout so far. */
  stdout(): string;
  /** Resolves once stdout contains `text` (never rejects; the child's end ends the wait via `result`). */
  seen(text: string): Promise<void>;
  readonly result: Promise<ProcessResult>;
}

/**
 * Like `runProcess` from @headroom/e2e, but stdout can be watched while the child runs: a test can
 * hold its scripted upstream until the client has printed what it was sent so far.
 */
export function startWatchedProcess(command: string, args: readonly string[], options: WatchedProcessOptions): WatchedProcess {
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  const stderr: Buffer[] = [];
  const watchers: { text: string; resolve: () => void }[] = [];
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, options.timeoutMs);
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    stdout += chunk;
    for (const watcher of watchers.filter((w) => stdout.includes(w.text))) {
      watchers.splice(watchers.indexOf(watcher), 1);
      watcher.resolve();
    }
  });
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
  const result = new Promise<ProcessResult>((resolve, reject) => {
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr: Buffer.concat(stderr).toString('utf8'), timedOut });
    });
  });
  // Agents wait for more input on an open stdin.
  child.stdin.end();
  return {
    stdout: () => stdout,
    seen: (text) => (stdout.includes(text) ? Promise.resolve() : new Promise((resolve) => watchers.push({ text, resolve }))),
    result,
  };
}
