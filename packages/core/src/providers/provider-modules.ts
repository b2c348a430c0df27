import { HeadroomError } from '../errors.js';
import { anthropicMessages } from './anthropic-messages/index.js';
import { openAIChat } from './openai-chat/index.js';
import { openAIResponses } from './openai-responses/index.js';
import type { ProviderModule, ProviderName, RequestFormat } from './provider-module.js';

/** Every provider module, by format. */
export const PROVIDER_MODULES: Readonly<Record<RequestFormat, ProviderModule>> = {
  'anthropic-messages': anthropicMessages,
  'openai-chat': openAIChat,
  'openai-responses': openAIResponses,
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
export const errorModuleOf = (provider: ProviderName): ProviderModule => (provider === 'anthropic' ? anthropicMessages : openAIChat);
