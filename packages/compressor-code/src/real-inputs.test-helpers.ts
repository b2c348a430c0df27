// Shared by the tests: real third-party inputs, found where they live on this machine and in CI.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type CompressContext, type Compressor, createEstimatingTokenizer, createMarker, type OffloadMeta, refOf } from '@headroom/core';
import { codeCompressor } from './code-compressor.js';
import type { CodeCompressorOptions } from './code-compressor-options.js';

function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'pnpm-workspace.yaml'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('no pnpm-workspace.yaml above the tests');
    dir = parent;
  }
  return dir;
}

export const ROOT = repoRoot();
export const EVALDATA = join(ROOT, '..', 'shared', 'evaldata');

/**
 * A file a package in node_modules ships, e.g. `packageFile('undici', 'lib/core/util.js')`: from
 * the newest installed version that has it (other dependencies may pull older majors in too).
 */
export function packageFile(name: string, path: string): string {
  const store = join(ROOT, 'node_modules', '.pnpm');
  const candidates = readdirSync(store)
    .filter((entry) => entry.startsWith(`${name.replace('/', '+')}@`))
    .map((entry) => join(store, entry, 'node_modules', name, path))
    .filter((file) => existsSync(file))
    .sort((a, b) => b.localeCompare(a, 'en', { numeric: true }));
  if (candidates.length === 0) throw new Error(`no installed ${name} under ${store} ships ${path}`);
  return candidates[0]!;
}

let stdlib: string | undefined;
export function stdlibFile(path: string): string {
  stdlib ??= execFileSync('python3', ['-c', "import sysconfig; print(sysconfig.get_paths()['stdlib'])"], { encoding: 'utf8' }).trim();
  return join(stdlib, path);
}

export const read = (path: string) => readFileSync(path, 'utf8');

/**
 * Tests never race the clock: parses and deadlines get ten minutes, so a loaded machine changes
 * no outcome (a 1.5 s parse limit once flipped "not typescript" into "parse abandoned" under load).
 */
export const NO_RUSH_MS = 600_000;

/** The compressor under test, with a parse limit no loaded machine reaches. */
export const testCompressor = (options: CodeCompressorOptions = {}): Compressor => codeCompressor({ parseTimeoutMs: NO_RUSH_MS, ...options });

export interface Recorded {
  readonly context: CompressContext;
  /** Every original offloaded, by ref, with its meta. */
  readonly offloads: Map<string, { original: string; meta: OffloadMeta }>;
}

/** A context whose offload records originals the way the pipeline does (same hash, same marker). */
export function recordingContext(overrides: Partial<Omit<CompressContext, 'offload'>> = {}): Recorded {
  const offloads = new Map<string, { original: string; meta: OffloadMeta }>();
  const context: CompressContext = {
    tokenizer: createEstimatingTokenizer(),
    mode: 'lossy',
    options: {},
    deadline: Date.now() + NO_RUSH_MS,
    ...overrides,
    offload(original, meta) {
      const ref = refOf(original);
      offloads.set(ref, { original, meta });
      return createMarker(ref, meta.summary);
    },
  };
  return { context, offloads };
}
