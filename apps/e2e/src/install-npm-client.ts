import { mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { e2eCacheDir } from './e2e-cache-dir.js';
import { installedClientBin } from './internal/installed-client-bin.js';
import { runProcess } from './run-process.js';

export interface InstallNpmClientOptions {
  /** The npm package, e.g. `@anthropic-ai/claude-code`. */
  readonly packageName: string;
  /** An exact version: the e2e tests pin the client they were written against. */
  readonly version: string;
  /** The command the package installs into `node_modules/.bin`. */
  readonly bin: string;
  /** Default: `e2eCacheDir()`. */
  readonly cacheDir?: string;
  /** Default 10 minutes: the first install downloads a few hundred MB. */
  readonly timeoutMs?: number;
}

/**
 * Installs a pinned npm client into its own folder of the e2e cache (once) and returns the
 * absolute path of its binary. Real clients are heavy, so they stay out of every package.json
 * and the lockfile; a second run finds them already there.
 */
export async function installNpmClient(options: InstallNpmClientOptions): Promise<string> {
  const cacheDir = options.cacheDir ?? e2eCacheDir();
  const folder = join(cacheDir, `${options.packageName.replace(/^@/, '').replace(/\//g, '__')}-${options.version}`);
  const installed = () => installedClientBin(folder, options.packageName, options.version, options.bin);
  const cached = installed();
  if (cached !== undefined) return cached;

  await mkdir(cacheDir, { recursive: true });
  // Install beside the final folder and rename into place, so that two runs racing (or a run
  // killed half-way) never leave a half-installed client where the next run would trust it.
  const staging = await mkdtemp(join(cacheDir, '.staging-'));
  try {
    const result = await runProcess(
      'npm',
      ['install', '--prefix', staging, '--no-audit', '--no-fund', '--loglevel=error', `${options.packageName}@${options.version}`],
      { timeoutMs: options.timeoutMs ?? 600_000 },
    );
    if (result.code !== 0) {
      throw new Error(`npm install ${options.packageName}@${options.version} failed (${result.code}): ${result.stderr.slice(-2000)}`);
    }
    // Another run may have finished first: keep its install, which may already be in use.
    if (installed() === undefined) {
      await rm(folder, { recursive: true, force: true });
      await rename(staging, folder);
    }
  } catch (error) {
    const raced = installed();
    if (raced !== undefined) return raced;
    throw error;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  const fresh = installed();
  if (fresh === undefined) throw new Error(`${options.packageName}@${options.version} installed without a ${options.bin} binary`);
  return fresh;
}
