import type { ProviderErrorKind } from './provider-module.js';

const OPENAI_TYPE: Record<ProviderErrorKind, string> = {
  bad_request: 'invalid_request_error',
  unauthorized: 'invalid_request_error',
  forbidden: 'invalid_request_error',
  too_large: 'invalid_request_error',
  unsupported: 'invalid_request_error',
  upstream_unreachable: 'server_error',
  upstream_timeout: 'server_error',
  internal: 'server_error',
};

/** OpenAI's error body (Chat and Responses share it). */
export const openAIErrorBody = (kind: ProviderErrorKind, message: string): object => ({
  error: { message, type: OPENAI_TYPE[kind], code: `headroom_${kind}`, param: null },
});

/** OpenAI streams carry errors as a bare data line. */
export const openAIErrorEvent = (kind: ProviderErrorKind, message: string): string => `data: ${JSON.stringify(openAIErrorBody(kind, message))}\n\n`;
