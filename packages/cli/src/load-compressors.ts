import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Compressor } from '@headroom/core';
import { usageError } from './internal/usage-error.js';

/** The first-party compressors the CLI looks for, in pipeline order (ties go to the earlier one). */
export const INSTALLED_COMPRESSORS = [
  { module: '@headroom/compressor-json', factory: 'jsonCompressor' },
  { module: '@headroom/compressor-logs', factory: 'logsCompressor' },
  { module: '@headroom/compressor-code', factory: 'codeCompressor' },
  { module: '@headroom/compressor-rag', factory: 'ragCompressor' },
] as const;

export interface LoadedCompressors {
  readonly compressors: Compressor[];
  /** Compressors that are installed but failed to load: skipped, reported as data. */
  readonly warnings: string[];
}

/**
 * Every installed first-party compressor, found by dynamic import so the CLI runs with any subset
 * installed, preceded by the user's `--plugin` modules (a plugin with an installed compressor's
 * name replaces it).
 */
export async function loadCompressors(plugins: readonly string[] = [], cwd = process.cwd()): Promise<LoadedCompressors> {
  const fromPlugins: Compressor[] = [];
  for (const plugin of plugins) fromPlugins.push(...(await loadPlugin(plugin, cwd)));
  const taken = new Set(fromPlugins.map((c) => c.name));
  const warnings: string[] = [];
  const installed: Compressor[] = [];
  // Imported in parallel (native grammars take a while to load); kept in the listed order.
  const imports = await Promise.allSettled(INSTALLED_COMPRESSORS.map(({ module }) => import(module) as Promise<Record<string, unknown>>));
  for (const [i, { module, factory }] of INSTALLED_COMPRESSORS.entries()) {
    const imported = imports[i]!;
    if (imported.status === 'rejected') {
      if (!isMissing(imported.reason, module)) warnings.push(`${module} is installed but failed to load (${describe(imported.reason)}); skipped`);
      continue;
    }
    try {
      const compressor = toCompressor(imported.value[factory]);
      if (!compressor) warnings.push(`${module} does not export a v1 compressor factory named ${factory}; skipped`);
      else if (!taken.has(compressor.name)) installed.push(compressor);
    } catch (error) {
      warnings.push(`${module}: ${factory}() threw (${describe(error)}); skipped`);
    }
  }
  return { compressors: [...fromPlugins, ...installed], warnings };
}

/**
 * A plugin is an ES module (a file path, or a package name resolved from the CLI) whose default
 * export is a compressor, a factory returning one, or an array of either.
 */
async function loadPlugin(specifier: string, cwd: string): Promise<Compressor[]> {
  // A file that exists (relative to the cwd) wins; anything else is a package name.
  const path = resolve(cwd, specifier);
  const isPath = specifier.startsWith('.') || isAbsolute(specifier) || existsSync(path);
  const url = isPath ? pathToFileURL(path).href : specifier;
  let exports: { default?: unknown };
  try {
    exports = (await import(url)) as { default?: unknown };
  } catch (error) {
    throw usageError(`cannot load plugin ${specifier}: ${describe(error)}`);
  }
  const exported = Array.isArray(exports.default) ? exports.default : [exports.default];
  return exported.map((candidate) => {
    let compressor: Compressor | undefined;
    try {
      compressor = toCompressor(candidate);
    } catch (error) {
      throw usageError(`plugin ${specifier}: its factory threw: ${describe(error)}`);
    }
    if (!compressor) throw usageError(`plugin ${specifier}: the default export must be a v1 compressor, a factory returning one, or an array of them`);
    return compressor;
  });
}

function toCompressor(candidate: unknown): Compressor | undefined {
  const value = typeof candidate === 'function' ? (candidate as () => unknown)() : candidate;
  return isCompressor(value) ? value : undefined;
}

function isCompressor(value: unknown): value is Compressor {
  if (typeof value !== 'object' || value === null) return false;
  const c = value as Partial<Compressor>;
  return c.specificationVersion === 'v1' && typeof c.name === 'string' && Array.isArray(c.contentTypes) && typeof c.detect === 'function' && typeof c.compress === 'function';
}

/** Not installed at all, as opposed to installed and broken (a missing dependency of its own). */
function isMissing(error: unknown, module: string): boolean {
  const e = error as { code?: string; message?: string };
  return (e.code === 'ERR_MODULE_NOT_FOUND' || e.code === 'MODULE_NOT_FOUND') && (e.message ?? '').includes(`'${module}'`);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0]! : String(error);
}
