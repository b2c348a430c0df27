import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** `<repo root>/../shared/evaldata/<parts>`, the repo root being the nearest folder with pnpm-workspace.yaml. */
export function evaldataPath(...parts: string[]): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'pnpm-workspace.yaml'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('no pnpm-workspace.yaml above this file');
    dir = parent;
  }
  return resolve(dir, '..', 'shared', 'evaldata', ...parts);
}
