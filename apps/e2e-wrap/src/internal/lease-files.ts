import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One proxy lease folder `$HEADROOM_HOME/run/proxy-<key>/` as `headroom wrap` leaves it on disk. */
export interface LeaseFiles {
  readonly dir: string;
  /** The running proxy, while `state.json` exists. */
  readonly state?: { readonly pid: number; readonly port: number };
  /** Wrapper pids still registered in `clients/`. */
  readonly clients: readonly string[];
}

/**
 * Reads the lease folders directly (their layout is packages/cli/src/wrap/proxy-lease.ts): the test
 * learns the proxy's pid and port while the agent runs, and checks nothing is left after it.
 */
export function readLeaseFiles(headroomHome: string): LeaseFiles[] {
  const run = join(headroomHome, 'run');
  if (!existsSync(run)) return [];
  return readdirSync(run)
    .filter((name) => name.startsWith('proxy-'))
    .map((name) => {
      const dir = join(run, name);
      const stateFile = join(dir, 'state.json');
      const clientsDir = join(dir, 'clients');
      const clients = existsSync(clientsDir) ? readdirSync(clientsDir) : [];
      if (!existsSync(stateFile)) return { dir, clients };
      return { dir, state: JSON.parse(readFileSync(stateFile, 'utf8')) as { pid: number; port: number }, clients };
    });
}

/** True while a process with this pid exists. */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
