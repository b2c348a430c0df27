import { retrieveToolParameters, RETRIEVE_TOOL_DESCRIPTION, RETRIEVE_TOOL_NAME } from '../../retrieval/retrieve-tool-definition.js';
import { openAIErrorBody, openAIErrorEvent } from '../openai-error.js';
import type { ProviderModule } from '../provider-module.js';
import { toolNameOf } from '../tool-name.js';
import { openAIUsage } from '../usage-payload.js';
import { openAIResponsesJsonTurn } from './json-turn.js';
import { locateOpenAIResponsesSlots } from './locate-slots.js';
import { openAIResponsesStreamDialect } from './stream-dialect.js';

/** OpenAI Responses (`POST /v1/responses`). */
export const openAIResponses: ProviderModule = {
  format: 'openai-responses',
  provider: 'openai',
  path: '/v1/responses',
  conversationKey: 'input',
  lastRoundKey: 'tool_choice',
  locateSlots: locateOpenAIResponsesSlots,
  retrieveTool: () => ({ type: 'function', name: RETRIEVE_TOOL_NAME, description: RETRIEVE_TOOL_DESCRIPTION, parameters: retrieveToolParameters() }),
  toolName: toolNameOf,
  usageKey: 'usage',
  readUsage: openAIUsage,
  streamDialect: openAIResponsesStreamDialect,
  jsonTurn: openAIResponsesJsonTurn,
  errorBody: openAIErrorBody,
  errorEvent: openAIErrorEvent,
};
