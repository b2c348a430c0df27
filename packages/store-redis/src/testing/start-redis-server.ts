import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RedisServerOptions {
  /** The redis-server binary. Default: `$REDIS_SERVER`, else `/usr/bin/redis-server` (Debian's package). */
  readonly binary?: string;
  /** Longest to wait for the server to answer PING after each start. Default: 30 000 ms. */
  readonly readyTimeoutMs?: number;
}

export interface RedisServer {
  /** `redis://127.0.0.1:PORT/0`. */
  readonly url: string;
  readonly port: number;
  /** SIGKILL: the server is gone at once, with everything it held (nothing is saved). */
  kill(): Promise<void>;
  /** Starts a fresh, empty server on the same port (after `kill`). */
  restart(): Promise<void>;
  /** SIGSTOP / SIGCONT: the server keeps its connections open and answers nothing (a "slow" Redis). */
  pause(): void;
  resume(): void;
  /** Kills the server and deletes its folder. */
  stop(): Promise<void>;
}

/**
 * A real, throwaway redis-server on a free loopback port, for tests and local clusters: its own
 * temporary folder, no persistence (`--save '' --appendonly no`), killed by `stop()`.
 */
export async function startRedisServer(options: RedisServerOptions = {}): Promise<RedisServer> {
  const binary = options.binary ?? process.env.REDIS_SERVER ?? '/usr/bin/redis-server';
  const readyTimeoutMs = options.readyTimeoutMs ?? 30_000;
  const dir = mkdtempSync(join(tmpdir(), 'headroom-redis-'));
  let port = 0;
  let child: ChildProcess | undefined;

  async function launch(): Promise<void> {
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--loglevel', 'warning', '--daemonize', 'no'];
    const started = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    child = started;
    let stderr = '';
    started.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<never>((_, reject) =>
      started.once('exit', (code, signal) => reject(new Error(`redis-server exited (${code ?? signal}) before answering: ${stderr.trim()}`))),
    );
    exited.catch(() => undefined);
    await Promise.race([waitForPing(port, readyTimeoutMs), exited]);
  }

  // A port free a moment ago may be taken by the time redis-server binds it: try a few.
  for (let attempt = 1; ; attempt++) {
    port = await freePort();
    try {
      await launch();
      break;
    } catch (error) {
      child?.kill('SIGKILL');
      if (attempt >= 5) {
        rmSync(dir, { recursive: true, force: true });
        throw error;
      }
    }
  }

  async function kill(): Promise<void> {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const gone = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGCONT');
    running.kill('SIGKILL');
    await gone;
  }

  return {
    url: `redis://127.0.0.1:${port}/0`,
    port,
    kill,
    async restart() {
      await kill();
      await launch();
    },
    pause: () => void child?.kill('SIGSTOP'),
    resume: () => void child?.kill('SIGCONT'),
    async stop() {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once `PING` gets `+PONG` on the port; polls until the deadline. */
async function waitForPing(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await ping(port)) return;
    if (Date.now() > deadline) throw new Error(`redis-server on port ${port} did not answer PING within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let reply = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk: Buffer) => {
      reply += chunk.toString();
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
  });
}
