import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Writes `text` to a fresh temporary file with `extension`, runs `work` on its path, then removes it. */
export function withTempFile<T>(text: string, extension: string, work: (path: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'headroom-bench-'));
  try {
    const path = join(dir, `input${extension}`);
    writeFileSync(path, text);
    return work(path);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
