import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The client's binary in an install folder, when that folder holds exactly `version`. */
export function installedClientBin(folder: string, packageName: string, version: string, bin: string): string | undefined {
  const manifest = join(folder, 'node_modules', ...packageName.split('/'), 'package.json');
  const binPath = join(folder, 'node_modules', '.bin', bin);
  if (!existsSync(manifest) || !existsSync(binPath)) return undefined;
  try {
    const parsed = JSON.parse(readFileSync(manifest, 'utf8')) as { version?: unknown };
    return parsed.version === version ? binPath : undefined;
  } catch {
    return undefined;
  }
}
