import type { RequestFormat } from '@headroom/core';
import { anthropicMessage, anthropicStream, openaiChatCompletion, openaiChatStream, openaiResponse, openaiResponsesStream, type ReplyOptions, type ScriptedUsage } from './provider-replies.js';
import { type CacheUsage, createPromptCache, type PromptCache, type PromptCacheOptions } from './prompt-cache.js';
import { defaultReply, type RecordedRequest, type ScriptedReply, type ScriptedUpstream, startScriptedUpstream } from './scripted-upstream.js';

/** One request the caching upstream billed. */
export interface BilledRequest {
  readonly format: RequestFormat;
  readonly time: number;
  readonly usage: CacheUsage;
  /** The request itself (absent when `record` is false). */
  readonly request?: RecordedRequest;
}

export interface CachingUpstreamOptions extends PromptCacheOptions {
  /** What the model answers (text, tool calls); usage is filled in from the cache. Default: a short text. */
  readonly reply?: (request: RecordedRequest, format: RequestFormat, usage: CacheUsage) => ReplyOptions | Promise<ReplyOptions>;
  /** Keep every request body (default true; the bench turns it off for long sessions). */
  readonly record?: boolean;
}

export interface CachingUpstream extends ScriptedUpstream {
  /** Every model request, with the usage the simulated cache billed, in arrival order. */
  readonly billed: BilledRequest[];
  readonly anthropicCache: PromptCache;
  readonly openaiCache: PromptCache;
}

const FORMATS: readonly [string, RequestFormat][] = [
  ['/v1/messages', 'anthropic-messages'],
  ['/v1/chat/completions', 'openai-chat'],
  ['/v1/responses', 'openai-responses'],
];

/**
 * The scripted upstream with a simulated prompt cache in front of its replies (see
 * `createPromptCache`): each model request is billed against the cache and answered with the
 * usage the provider would report — Anthropic `cache_read_input_tokens` and
 * `cache_creation_input_tokens`, OpenAI `prompt_tokens_details.cached_tokens` /
 * `input_tokens_details.cached_tokens`.
 */
export async function startCachingUpstream(options: CachingUpstreamOptions = {}): Promise<CachingUpstream> {
  const now = options.now ?? Date.now;
  const anthropicCache = createPromptCache('anthropic', options);
  const openaiCache = createPromptCache('openai', options);
  const billed: BilledRequest[] = [];
  const handler = async (request: RecordedRequest): Promise<ScriptedReply> => {
    const path = request.path.split('?')[0] ?? '';
    const format = FORMATS.find(([suffix]) => path.endsWith(suffix))?.[1];
    if (request.method !== 'POST' || !format) return defaultReply(request);
    let body: Record<string, unknown>;
    try {
      body = request.json();
    } catch {
      return { status: 400, json: { error: { type: 'invalid_request_error', message: 'body is not JSON' } } };
    }
    const usage = (format === 'anthropic-messages' ? anthropicCache : openaiCache).observe(body, format);
    billed.push({ format, time: now(), usage, ...(options.record === false ? {} : { request }) });
    const answer = options.reply ? await options.reply(request, format, usage) : {};
    // A fresh message id per answer, as the provider gives: clients merge assistant turns that share one.
    const reply: ReplyOptions = { id: `msg_cached_${billed.length}`, ...answer, usage: { ...answer.usage, ...scriptedUsage(format, usage) }, ...(typeof body.model === 'string' ? { model: body.model } : {}) };
    const stream = body.stream === true;
    if (format === 'anthropic-messages') return stream ? { sse: anthropicStream(reply) } : { json: anthropicMessage(reply) };
    if (format === 'openai-chat') return stream ? { sse: openaiChatStream(reply) } : { json: openaiChatCompletion(reply) };
    return stream ? { sse: openaiResponsesStream(reply) } : { json: openaiResponse(reply) };
  };
  const upstream = await startScriptedUpstream({ handler, ...(options.record !== undefined ? { record: options.record } : {}) });
  return Object.assign(upstream, { billed, anthropicCache, openaiCache });
}

/** The provider's own accounting: Anthropic's input excludes cache reads and writes, OpenAI's includes cached tokens. */
function scriptedUsage(format: RequestFormat, usage: CacheUsage): ScriptedUsage {
  if (format === 'anthropic-messages') {
    return { input: usage.inputTokens, cacheRead: usage.cacheReadTokens, cacheWrite: usage.cacheWriteTokens, ...(usage.cacheWrite1hTokens > 0 ? { cacheWrite1h: usage.cacheWrite1hTokens } : {}) };
  }
  return { input: usage.totalTokens, cacheRead: usage.cacheReadTokens };
}
