import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { cliBin } from './internal/cli-bin.js';

export interface CliProxy {
  /** The URL `headroom proxy` printed on stdout. */
  readonly url: string;
  /** Everything it wrote to stderr so far. */
  stderr(): string;
  /** Sends SIGTERM and resolves with the exit code. */
  stop(): Promise<number | null>;
}

/**
 * Starts `node packages/cli/dist/bin.js proxy --port 0 …` — the `headroom proxy` verb exactly as a
 * user runs it — and waits for the URL it prints on stdout.
 */
export function startCliProxy(args: readonly string[], env: NodeJS.ProcessEnv, timeoutMs = 30_000): Promise<CliProxy> {
  const child = spawn(process.execPath, [cliBin(), 'proxy', '--port', '0', ...args], { env: { PATH: process.env.PATH, ...env } });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`headroom proxy printed no URL within ${timeoutMs} ms: ${stderr}`));
    }, timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      const url = /^(http:\/\/\S+)\n/m.exec(stdout)?.[1];
      if (url === undefined) return;
      clearTimeout(timer);
      resolvePromise({ url, stderr: () => stderr, stop: () => stop(child) });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`headroom proxy exited (${code}) before printing its URL: ${stderr}`));
    });
  });
}

function stop(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  const exited = new Promise<number | null>((resolvePromise) => child.once('exit', (code) => resolvePromise(code)));
  child.kill('SIGTERM');
  return exited;
}
