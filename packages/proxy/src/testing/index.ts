export {
  anthropicMessage,
  anthropicStream,
  geminiResponse,
  geminiStream,
  openaiChatCompletion,
  openaiChatStream,
  openaiResponse,
  openaiResponsesStream,
  type ReplyOptions,
  type ScriptedToolCall,
  type ScriptedUsage,
} from './provider-replies.js';
export {
  defaultReply,
  formatEvent,
  type RecordedRequest,
  type ScriptedEvent,
  type ScriptedReply,
  type ScriptedUpstream,
  type ScriptedUpstreamOptions,
  type ScriptHandler,
  startScriptedUpstream,
} from './scripted-upstream.js';
export { type BilledRequest, type CachingUpstream, type CachingUpstreamOptions, startCachingUpstream } from './caching-upstream.js';
export { type CacheProvider, type CacheUsage, cacheProviderOf, createPromptCache, type PromptCache, type PromptCacheOptions } from './prompt-cache.js';
