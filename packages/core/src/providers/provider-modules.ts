import { HeadroomError } from '../errors.js';
import { anthropicMessages } from './anthropic-messages/index.js';
import { geminiGenerate } from './gemini/index.js';
import { openAIChat } from './openai-chat/index.js';
import { openAIResponses } from './openai-responses/index.js';
import type { ProviderModule, ProviderName, RequestFormat } from './provider-module.js';

/** Every provider module, by format. */
export const PROVIDER_MODULES: Readonly<Record<RequestFormat, ProviderModule>> = {
  'anthropic-messages': anthropicMessages,
  'openai-chat': openAIChat,
  'openai-responses': openAIResponses,
  'gemini-generate': geminiGenerate,
};

export function isRequestFormat(value: string): value is RequestFormat {
  return Object.hasOwn(PROVIDER_MODULES, value);
}

/** The module of a format; throws `unknown_format` for anything else. */
export function providerModule(format: RequestFormat): ProviderModule {
  const module = isRequestFormat(format) ? PROVIDER_MODULES[format] : undefined;
  if (!module) throw new HeadroomError('unknown_format', `unknown request format "${format}" (expected ${Object.keys(PROVIDER_MODULES).join(', ')})`);
  return module;
}

/** The module whose errors a client of `provider` reads (both OpenAI APIs share one error shape). */
export const errorModuleOf = (provider: ProviderName): ProviderModule => (provider === 'anthropic' ? anthropicMessages : provider === 'google' ? geminiGenerate : openAIChat);

/** The model-call module a request path belongs to, if any. */
export function moduleForPath(path: string): ProviderModule | undefined {
  return Object.values(PROVIDER_MODULES).find((m) => (m.matchesPath ? m.matchesPath(path) : m.path === path));
}
