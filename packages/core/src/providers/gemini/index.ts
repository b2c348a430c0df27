import { RETRIEVE_TOOL_DESCRIPTION, RETRIEVE_TOOL_NAME, retrieveToolParameters } from '../../retrieval/retrieve-tool-definition.js';
import type { ProviderModule } from '../provider-module.js';
import { geminiErrorBody, geminiErrorEvent } from './gemini-error.js';
import { geminiToolName } from './gemini-tool-name.js';
import { geminiUsage } from './gemini-usage.js';
import { geminiJsonTurn } from './json-turn.js';
import { locateGeminiSlots } from './locate-slots.js';
import { geminiStreamDialect } from './stream-dialect.js';

// `/v1beta/models/gemini-2.5-pro:generateContent`, `…:streamGenerateContent` (the model is in
// the path, and so is streaming; `alt=sse` in the query asks for server-sent events).
const MODEL_CALL = /^\/(v1|v1beta|v1alpha)\/models\/([^/:]+):(generateContent|streamGenerateContent)$/;

/** Google's Gemini API (`generateContent`, `streamGenerateContent`). */
export const geminiGenerate: ProviderModule = {
  format: 'gemini-generate',
  provider: 'google',
  path: '/v1beta/models/{model}:generateContent',
  conversationKey: 'contents',
  lastRoundKey: 'toolConfig',
  matchesPath: (path) => MODEL_CALL.test(path),
  streams: (_body, url) => /:streamGenerateContent(\?|$)/.test(url.split('#')[0] ?? ''),
  modelOf: (_body, url) => MODEL_CALL.exec(url.split('?')[0] ?? '')?.[2],
  locateSlots: locateGeminiSlots,
  // Its own Tool entry, appended to `tools`: the client's declarations are never touched.
  retrieveTool: () => ({ functionDeclarations: [{ name: RETRIEVE_TOOL_NAME, description: RETRIEVE_TOOL_DESCRIPTION, parameters: retrieveToolParameters() }] }),
  toolName: geminiToolName,
  usageKey: 'usageMetadata',
  readUsage: geminiUsage,
  streamDialect: geminiStreamDialect,
  jsonTurn: geminiJsonTurn,
  errorBody: geminiErrorBody,
  errorEvent: geminiErrorEvent,
};
