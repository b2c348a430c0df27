import { retrieveToolParameters, RETRIEVE_TOOL_DESCRIPTION, RETRIEVE_TOOL_NAME } from '../../retrieval/retrieve-tool-definition.js';
import type { ProviderErrorKind, ProviderModule, ProviderUsage } from '../provider-module.js';
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
    // Read on every response the proxy relays: plain assignments (in the order the ledger row
    // keeps), not a filtered copy of an object of all four.
    const usage: ProviderUsage = found.model ? { model: found.model } : {};
    const input = num(raw.input_tokens);
    if (input !== undefined) usage.inputTokens = input;
    const output = num(raw.output_tokens);
    if (output !== undefined) usage.outputTokens = output;
    const cacheRead = num(raw.cache_read_input_tokens);
    if (cacheRead !== undefined) usage.cacheReadTokens = cacheRead;
    const cacheWrite = num(raw.cache_creation_input_tokens);
    if (cacheWrite !== undefined) usage.cacheWriteTokens = cacheWrite;
    return usage;
  },
  streamDialect: anthropicStreamDialect,
  jsonTurn: anthropicJsonTurn,
  errorBody,
  errorEvent: (kind, message) => `event: error\ndata: ${JSON.stringify(errorBody(kind, message))}\n\n`,
};
