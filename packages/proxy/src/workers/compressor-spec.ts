import type { Compressor } from '@headroom/core';
import { HeadroomError } from '@headroom/core';

/**
 * A compressor named by the module that makes it, so that a worker thread can build its own copy
 * (functions cannot cross threads). `module` is what the worker imports: a file URL or an absolute
 * path (resolve a package name in the caller with `import.meta.resolve`), or a package name the
 * proxy itself can resolve.
 */
export interface CompressorSpec {
  readonly module: string;
  /** The factory's export name. Default: the module's default export. */
  readonly factory?: string;
  /** Passed to the factory; must be plain data (structured-cloneable). */
  readonly options?: unknown;
}

export function isCompressorSpec(value: unknown): value is CompressorSpec {
  return typeof value === 'object' && value !== null && typeof (value as CompressorSpec).module === 'string' && !('compress' in value);
}

/** Imports each module and calls its factory: the compressors of one thread, in spec order. */
export async function loadCompressorSpecs(specs: readonly CompressorSpec[]): Promise<Compressor[]> {
  const compressors: Compressor[] = [];
  for (const spec of specs) {
    const exports = (await import(spec.module)) as Record<string, unknown>;
    const name = spec.factory ?? 'default';
    const exported = exports[name];
    if (exported === undefined) throw new HeadroomError('invalid_argument', `${spec.module} has no export named ${name}`);
    // A factory (called with the options), a compressor, or an array of either (a plugin's default export).
    for (const candidate of Array.isArray(exported) ? exported : [exported]) {
      const compressor = (typeof candidate === 'function' ? (spec.options === undefined ? candidate() : candidate(spec.options)) : candidate) as Compressor;
      if (compressor?.specificationVersion !== 'v1' || typeof compressor.compress !== 'function') {
        throw new HeadroomError('invalid_argument', `${spec.module}: ${name} did not give a v1 compressor`);
      }
      compressors.push(compressor);
    }
  }
  return compressors;
}
