import { retrieveToolParameters, RETRIEVE_TOOL_DESCRIPTION, RETRIEVE_TOOL_NAME } from '../../retrieval/retrieve-tool-definition.js';
import { openAIErrorBody, openAIErrorEvent } from '../openai-error.js';
import type { ProviderModule } from '../provider-module.js';
import { toolNameOf } from '../tool-name.js';
import { openAIUsage } from '../usage-payload.js';
import { openAIChatJsonTurn } from './json-turn.js';
import { locateOpenAIChatSlots } from './locate-slots.js';
import { openAIChatStreamDialect } from './stream-dialect.js';

/** OpenAI Chat Completions (`POST /v1/chat/completions`). */
export const openAIChat: ProviderModule = {
  format: 'openai-chat',
  provider: 'openai',
  path: '/v1/chat/completions',
  conversationKey: 'messages',
  lastRoundKey: 'tool_choice',
  locateSlots: locateOpenAIChatSlots,
  retrieveTool: () => ({ type: 'function', function: { name: RETRIEVE_TOOL_NAME, description: RETRIEVE_TOOL_DESCRIPTION, parameters: retrieveToolParameters() } }),
  toolName: toolNameOf,
  usageKey: 'usage',
  readUsage: openAIUsage,
  streamDialect: openAIChatStreamDialect,
  jsonTurn: openAIChatJsonTurn,
  errorBody: openAIErrorBody,
  errorEvent: openAIErrorEvent,
};
