import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** `packages/cli/dist/bin.js` of this checkout: the `headroom` command exactly as users run it. */
export function cliBin(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'pnpm-workspace.yaml'))) {
    const parent = resolve(dir, '..');
    if (parent === dir) throw new Error('no pnpm-workspace.yaml above apps/e2e');
    dir = parent;
  }
  return join(dir, 'packages', 'cli', 'dist', 'bin.js');
}
