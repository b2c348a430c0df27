import { spawn } from 'node:child_process';

export interface SpawnedServer {
  readonly url: string;
  stop(): Promise<void>;
}

/** Runs `node script ...args` and resolves with the URL it prints first; `stop` sends SIGTERM and waits. */
export function spawnServer(script: string, args: readonly string[]): Promise<SpawnedServer> {
  const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const url = /^(http:\/\/\S+)\n/m.exec(stdout)?.[1];
      if (!url) return;
      resolve({
        url,
        stop: () => {
          if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
          const exited = new Promise<void>((done) => child.once('exit', () => done()));
          child.kill('SIGTERM');
          return exited;
        },
      });
    });
    child.once('exit', (code) => reject(new Error(`${script} exited (${code}) before printing its URL: ${stderr}`)));
  });
}
