import { mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * `mkdir -p` that always terminates. Node's own `mkdirSync(p, { recursive: true })` spins
 * forever on file systems that answer ENOENT to every mkdir (e.g. anywhere under /proc).
 */
export function makeFolder(path: string, mode: number): void {
  try {
    mkdirSync(path, { mode });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' && statSync(path).isDirectory()) return;
    const parent = dirname(path);
    if (code !== 'ENOENT' || parent === path) throw error;
    makeFolder(parent, mode);
    // One retry only: if the parent now exists and this still fails, the error is real.
    mkdirSync(path, { mode });
  }
}
