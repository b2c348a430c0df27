import type { ProviderErrorKind } from '../provider-module.js';

// Google's canonical status names, which the Gemini API and its clients show.
const STATUS: Record<ProviderErrorKind, { code: number; status: string }> = {
  bad_request: { code: 400, status: 'INVALID_ARGUMENT' },
  unauthorized: { code: 401, status: 'UNAUTHENTICATED' },
  forbidden: { code: 403, status: 'PERMISSION_DENIED' },
  too_large: { code: 413, status: 'INVALID_ARGUMENT' },
  unsupported: { code: 501, status: 'UNIMPLEMENTED' },
  upstream_unreachable: { code: 502, status: 'UNAVAILABLE' },
  upstream_timeout: { code: 504, status: 'DEADLINE_EXCEEDED' },
  internal: { code: 500, status: 'INTERNAL' },
};

/** The Gemini API's error body: `{ error: { code, message, status } }`. */
export const geminiErrorBody = (kind: ProviderErrorKind, message: string): object => ({ error: { ...STATUS[kind], message } });

/** A Gemini stream carries an error as a data line with the same body. */
export const geminiErrorEvent = (kind: ProviderErrorKind, message: string): string => `data: ${JSON.stringify(geminiErrorBody(kind, message))}\n\n`;
