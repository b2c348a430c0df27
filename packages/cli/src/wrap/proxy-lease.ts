import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

export interface LeaseOptions {
  /** Headroom's folder (`HEADROOM_HOME` or ~/.headroom): the lease files live in `run/` below it. */
  readonly home: string;
  /** The command that starts a proxy: `[node, cli bin, 'proxy']`; `--port N` is appended. */
  readonly proxyCommand: readonly string[];
  /** Upstream flags for the proxy; proxies with other upstreams are not shared. */
  readonly upstreams: { readonly anthropic?: string; readonly openai?: string; readonly google?: string };
  readonly env?: NodeJS.ProcessEnv;
}

export interface ProxyLease {
  readonly url: string;
  /** True when this lease started the proxy (rather than joining one that was running). */
  readonly started: boolean;
  /** Leaves the proxy; the last wrapper to leave stops it. */
  release(): Promise<void>;
}

interface LeaseState {
  readonly pid: number;
  readonly port: number;
}

/**
 * One proxy per user and upstream configuration, shared by every wrapped agent: the first
 * wrapper starts it (detached), later ones join, and the last one to leave stops it. Each
 * wrapper marks itself with a file named after its pid; files of dead pids do not count.
 */
export async function leaseProxy(options: LeaseOptions): Promise<ProxyLease> {
  const key = createHash('sha256').update(JSON.stringify(options.upstreams)).digest('hex').slice(0, 12);
  const dir = join(options.home, 'run', `proxy-${key}`);
  const clients = join(dir, 'clients');
  mkdirSync(clients, { recursive: true });
  const stateFile = join(dir, 'state.json');

  return withLock(dir, async () => {
    let state = readState(stateFile);
    let started = false;
    if (!state || !(await isLive(state.port))) {
      state = await startProxy(options);
      writeFileSync(stateFile, JSON.stringify(state));
      started = true;
    }
    writeFileSync(join(clients, String(process.pid)), '');
    const { port, pid } = state;
    return {
      url: `http://127.0.0.1:${port}`,
      started,
      release: () =>
        withLock(dir, async () => {
          rmSync(join(clients, String(process.pid)), { force: true });
          const live = readdirSync(clients).filter((name) => {
            if (isRunning(Number(name))) return true;
            rmSync(join(clients, name), { force: true });
            return false;
          });
          if (live.length === 0) {
            if (isRunning(pid)) process.kill(pid, 'SIGTERM');
            rmSync(stateFile, { force: true });
          }
        }),
    };
  });
}

async function startProxy(options: LeaseOptions): Promise<LeaseState> {
  const port = await freePort();
  const [command, ...args] = options.proxyCommand;
  const flags = ['--port', String(port)];
  if (options.upstreams.anthropic) flags.push('--anthropic-upstream', options.upstreams.anthropic);
  if (options.upstreams.openai) flags.push('--openai-upstream', options.upstreams.openai);
  if (options.upstreams.google) flags.push('--gemini-upstream', options.upstreams.google);
  const child = spawn(command!, [...args, ...flags], { detached: true, stdio: 'ignore', env: options.env ?? process.env });
  child.unref();
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the proxy exited with code ${child.exitCode} before it was ready`);
    if (await isLive(port)) return { pid: child.pid!, port };
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  child.kill('SIGTERM');
  throw new Error(`the proxy did not answer on port ${port} within 15 s`);
}

async function isLive(port: number): Promise<boolean> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/livez`, { signal: AbortSignal.timeout(1000) });
    return response.ok;
  } catch {
    return false;
  }
}

function isRunning(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readState(file: string): LeaseState | undefined {
  try {
    const state = JSON.parse(readFileSync(file, 'utf8')) as LeaseState;
    return Number.isInteger(state.port) && Number.isInteger(state.pid) ? state : undefined;
  } catch {
    return undefined;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A lock folder (mkdir is atomic); a lock older than 30 s is taken to be left by a crash. */
async function withLock<T>(dir: string, work: () => Promise<T>): Promise<T> {
  const lock = join(dir, 'lock');
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, 'owner'), String(process.pid));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(readFileSafe(join(lock, 'owner')));
      if (Date.now() > deadline || (owner && !isRunning(owner))) rmSync(lock, { recursive: true, force: true });
      else await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
  try {
    return await work();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function readFileSafe(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
