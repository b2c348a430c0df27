import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';

/** Paths (relative to `root`) of every regular file below `root` whose bytes contain `needle`. */
export async function filesContaining(root: string, needle: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  const found: string[] = [];
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    if ((await readFile(path)).includes(needle)) found.push(relative(root, path));
  }
  return found;
}
