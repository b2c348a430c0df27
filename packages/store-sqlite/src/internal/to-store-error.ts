import { HeadroomError } from '@headroom/core';

// SQLite result codes that mean the bytes on disk are not a usable database.
const CORRUPT_CODES = new Set(['SQLITE_NOTADB', 'SQLITE_CORRUPT']);

/** Turns whatever SQLite or the file system threw into a HeadroomError that names the file. */
export function toStoreError(error: unknown, path: string, doing: string): HeadroomError {
  if (error instanceof HeadroomError) return error;
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  const detail = error instanceof Error ? error.message : String(error);
  if (CORRUPT_CODES.has(code) || code.startsWith('SQLITE_CORRUPT')) {
    return new HeadroomError(
      'store_corrupt',
      `the Headroom store at ${path} is not a readable SQLite database (${detail}); move it aside or delete it to start a fresh one`,
      { cause: error },
    );
  }
  return new HeadroomError('store_unavailable', `cannot ${doing} the Headroom store at ${path}: ${detail}${code ? ` (${code})` : ''}`, {
    cause: error,
  });
}
