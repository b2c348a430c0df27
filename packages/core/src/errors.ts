/** Every error Headroom throws on purpose carries one of these codes. */
export type HeadroomErrorCode =
  | 'invalid_argument'
  | 'invalid_request'
  | 'duplicate_compressor'
  | 'unknown_compressor'
  | 'unknown_format'
  | 'store_unavailable'
  | 'store_corrupt'
  | 'not_found'
  | 'timeout';

export class HeadroomError extends Error {
  readonly code: HeadroomErrorCode;

  constructor(code: HeadroomErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'HeadroomError';
    this.code = code;
  }
}

export function isHeadroomError(error: unknown): error is HeadroomError {
  return error instanceof HeadroomError;
}
