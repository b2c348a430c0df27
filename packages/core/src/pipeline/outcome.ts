/**
 * Why content went through uncompressed, as a code from a closed set: hosts decide on codes
 * (cache pinning, response headers, readiness), never on the wording of a message.
 *
 * The first five are properties of the content: the same content with the same options always
 * passes through again. The others are failures of the moment (see `isFailure`).
 */
export type PassCode =
  | 'too_small'
  | 'already_marked'
  | 'no_compressor'
  | 'skipped'
  | 'not_smaller'
  | FailureCode;

/** A failure inside Headroom: the original went through (fail open) and a `failure` row is recorded. */
export type FailureCode = 'timeout' | 'compressor_failed' | 'invalid_output' | 'store_unavailable';

export const FAILURE_CODES: readonly FailureCode[] = ['timeout', 'compressor_failed', 'invalid_output', 'store_unavailable'];

export function isFailure(code: PassCode | undefined): code is FailureCode {
  return code !== undefined && (FAILURE_CODES as readonly string[]).includes(code);
}

/** `compressor_note`: a compressor's own remark about odd input; `detect_failed`: a detect() threw and was scored 0. */
export type WarningCode = FailureCode | 'compressor_note' | 'detect_failed';

/** A non-fatal problem, as data. */
export interface PipelineWarning {
  readonly code: WarningCode;
  readonly message: string;
}
