import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * `<repo root>/../shared/evaldata`, where the repo root is the nearest folder above this file
 * holding pnpm-workspace.yaml: CI clones the repo elsewhere with `shared/` beside it.
 */
export function evaldataDir(from: string = dirname(fileURLToPath(import.meta.url))): string {
  let dir = resolve(from);
  while (!existsSync(join(dir, 'pnpm-workspace.yaml'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no pnpm-workspace.yaml above ${from}: cannot locate shared/evaldata`);
    dir = parent;
  }
  return join(dir, '..', 'shared', 'evaldata');
}
