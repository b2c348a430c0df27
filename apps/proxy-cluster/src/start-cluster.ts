import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PROXY_NODE_FLAGS } from '@headroom/proxy/config';
import { type RedisServer, startRedisServer } from '@headroom/store-redis/testing';

export interface ClusterOptions {
  /** How many `headroom proxy` processes. Default: 2. */
  readonly replicas?: number;
  /** An existing Redis (`redis://HOST:PORT/DB`). Default: a fresh redis-server on a free loopback port. */
  readonly redisUrl?: string;
  /** More `headroom proxy` arguments for every replica (`--anthropic-upstream URL`, `--mode lossless`, …). */
  readonly proxyArgs?: readonly string[];
  /** Environment of the replicas. Default: this process's. */
  readonly env?: NodeJS.ProcessEnv;
  /** Each line a replica writes on stderr, with its index: its warnings and its log. */
  readonly onLog?: (replica: number, line: string) => void;
  /** Longest a replica may take to print its URL. Default: 60 000 ms. */
  readonly startTimeoutMs?: number;
}

export interface Replica {
  readonly index: number;
  /** `http://127.0.0.1:PORT`. */
  readonly url: string;
  readonly child: ChildProcess;
  /** SIGKILL, as a crash or an OOM kill would: no graceful close. */
  kill(): Promise<void>;
}

export interface Cluster {
  readonly redisUrl: string;
  /** The redis-server this cluster started, when it started one. */
  readonly redis: RedisServer | undefined;
  readonly replicas: readonly Replica[];
  /** SIGTERM to every replica (each closes gracefully), then the Redis it started. */
  stop(): Promise<void>;
}

/** The `headroom` command of `@headroom/cli`, next to its entry point. */
export function headroomBin(): string {
  return join(dirname(fileURLToPath(import.meta.resolve('@headroom/cli'))), 'bin.js');
}

/**
 * Starts N `headroom proxy` processes on free loopback ports, all on one Redis store (a fresh
 * redis-server unless `redisUrl` is given), and resolves once each has printed its URL.
 */
export async function startCluster(options: ClusterOptions = {}): Promise<Cluster> {
  const count = options.replicas ?? 2;
  if (!Number.isInteger(count) || count < 1) throw new Error(`replicas must be a whole number of at least 1, got ${String(count)}`);
  const redis = options.redisUrl === undefined ? await startRedisServer() : undefined;
  const redisUrl = options.redisUrl ?? (redis as RedisServer).url;
  const outcomes = await Promise.allSettled(Array.from({ length: count }, (_, index) => startReplica(index, redisUrl, options)));
  const started = outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
  const failed = outcomes.find((outcome) => outcome.status === 'rejected');
  if (failed) {
    await Promise.all(started.map((replica) => replica.kill()));
    await redis?.stop();
    throw failed.reason;
  }
  return {
    redisUrl,
    redis,
    replicas: started,
    async stop() {
      await Promise.all(started.map((replica) => terminate(replica.child)));
      await redis?.stop();
    },
  };
}

function startReplica(index: number, redisUrl: string, options: ClusterOptions): Promise<Replica> {
  // Node flags as the `headroom` command's own first line gives them (spawning node skips that line).
  const args = [...PROXY_NODE_FLAGS, headroomBin(), 'proxy', '--port', '0', '--store', redisUrl, ...(options.proxyArgs ?? [])];
  const child = spawn(process.execPath, args, { env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let pending = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    pending += chunk.toString();
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) options.onLog?.(index, line);
  });
  return new Promise((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`replica ${index} printed no URL within ${options.startTimeoutMs ?? 60_000} ms: ${stderr}`));
    }, options.startTimeoutMs ?? 60_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const url = /^(http:\/\/\S+)\n/m.exec(stdout)?.[1];
      if (!url) return;
      clearTimeout(timer);
      resolve({ index, url, child, kill: () => terminate(child, 'SIGKILL') });
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`replica ${index} exited (${code ?? signal}) before listening: ${stderr}`));
    });
  });
}

function terminate(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill(signal);
  return exited;
}
