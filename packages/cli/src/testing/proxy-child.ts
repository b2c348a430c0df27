import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

const bin = resolve(import.meta.dirname, '..', '..', 'dist', 'bin.js');

/** A real `headroom proxy` process, for tests that drive the built CLI end to end. */
export interface ProxyChild {
  /** The proxy's base URL, as it printed it. */
  readonly url: string;
  /** Everything the proxy wrote to stderr so far. */
  stderr(): string;
  /** Sends SIGTERM and resolves once the process has exited. */
  stop(): Promise<void>;
}

/** Starts `headroom proxy --port 0 ARGS` and resolves once it prints its URL (rejects if it exits first). */
export async function startProxyChild(args: readonly string[], env: NodeJS.ProcessEnv): Promise<ProxyChild> {
  const child = spawn(process.execPath, [bin, 'proxy', '--port', '0', ...args], { env });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((done) => child.once('exit', done));
    child.kill('SIGTERM');
    await exited;
  };
  try {
    const url = await new Promise<string>((done, fail) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const line = /^(http:\/\/\S+)\n/m.exec(out)?.[1];
        if (line) done(line);
      });
      child.once('exit', (code) => fail(new Error(`proxy exited (${code}): ${stderr}`)));
    });
    return { url, stderr: () => stderr, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
