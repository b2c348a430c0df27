import { retrieveToolParameters, RETRIEVE_TOOL_DESCRIPTION, RETRIEVE_TOOL_NAME } from '../../retrieval/retrieve-tool-definition.js';
import type { ProviderErrorKind, ProviderModule } from '../provider-module.js';
import { toolNameOf } from '../tool-name.js';
import { num, usagePayload } from '../usage-payload.js';
import { anthropicJsonTurn } from './json-turn.js';
import { locateAnthropicSlots } from './locate-slots.js';
import { anthropicStreamDialect } from './stream-dialect.js';

const ERROR_TYPE: Record<ProviderErrorKind, string> = {
  bad_request: 'invalid_request_error',
  unauthorized: 'authentication_error',
  forbidden: 'permission_error',
  too_large: 'request_too_large',
  unsupported: 'invalid_request_error',
  upstream_unreachable: 'api_error',
  upstream_timeout: 'api_error',
  internal: 'api_error',
};

const errorBody = (kind: ProviderErrorKind, message: string): object => ({ type: 'error', error: { type: ERROR_TYPE[kind], message } });

/** Anthropic Messages (`POST /v1/messages`). */
export const anthropicMessages: ProviderModule = {
  format: 'anthropic-messages',
  provider: 'anthropic',
  path: '/v1/messages',
  conversationKey: 'messages',
  lastRoundKey: 'tool_choice',
  locateSlots: locateAnthropicSlots,
  retrieveTool: () => ({ name: RETRIEVE_TOOL_NAME, description: RETRIEVE_TOOL_DESCRIPTION, input_schema: retrieveToolParameters() }),
  toolName: toolNameOf,
  usageKey: 'usage',
  readUsage(payload) {
    const found = usagePayload(payload);
    if (!found) return undefined;
    const { raw } = found;
    const fields = {
      inputTokens: num(raw.input_tokens),
      outputTokens: num(raw.output_tokens),
      cacheReadTokens: num(raw.cache_read_input_tokens),
      cacheWriteTokens: num(raw.cache_creation_input_tokens),
    };
    return {
      ...(found.model ? { model: found.model } : {}),
      ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)),
    };
  },
  streamDialect: anthropicStreamDialect,
  jsonTurn: anthropicJsonTurn,
  errorBody,
  errorEvent: (kind, message) => `event: error\ndata: ${JSON.stringify(errorBody(kind, message))}\n\n`,
};
