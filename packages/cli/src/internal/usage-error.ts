import { HeadroomError } from '@headroom/core';

/** A mistake in how the command was called: exit code 2. */
export function usageError(message: string): HeadroomError {
  return new HeadroomError('invalid_argument', message);
}

const USAGE_CODES = new Set<string>(['invalid_argument', 'unknown_compressor', 'duplicate_compressor']);

/** Exit code for an error: 2 for usage errors, 1 for everything else. */
export function exitCodeFor(error: unknown): 1 | 2 {
  return error instanceof HeadroomError && USAGE_CODES.has(error.code) ? 2 : 1;
}
