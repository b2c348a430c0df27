import { compressRequest, isRequestFormat, markersInRequest, providerModule, type RequestFormat, type RequestMarker } from '@headroom/core';
import type { HeadroomOptions } from './headroom-options.js';
import { aiSdkMarkers, isAiSdkMessages, locateAiSdkSlots, withValues } from './internal/ai-sdk-messages.js';
import { createEngine, type Engine } from './internal/create-engine.js';

/** The message shapes `compress` reads: the three provider APIs, and the Vercel AI SDK's `ModelMessage[]`. */
export type MessageFormat = RequestFormat | 'ai-sdk';

export interface CompressOptions extends HeadroomOptions {
  /** Default: detected from the messages (see the README for the rules). */
  readonly format?: MessageFormat;
  /** The user's question, for relevance. Default: the last text the user typed in the messages. */
  readonly query?: string;
}

export interface CompressResult<T> {
  /** The messages with compressed tool outputs replaced in place; the input array is not modified. */
  readonly messages: T;
  /** Every marker the messages now carry (new and from earlier turns), with the tool behind it. */
  readonly markers: readonly RequestMarker[];
  readonly tokensBefore: number;
  readonly tokensAfter: number;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Which API a message list belongs to. Responses input items carry `type` at the top (or the
 * `developer` role); Anthropic content carries `tool_use` / `tool_result` / `document` blocks; AI SDK
 * parts carry camelCase `toolCallId`; anything else (plain strings, `tool` messages) is OpenAI Chat,
 * which locates the same slots a plain list has.
 */
export function detectFormat(messages: readonly unknown[]): MessageFormat {
  if (isAiSdkMessages(messages)) return 'ai-sdk';
  if (messages.some((m) => isObj(m) && typeof m.type === 'string' && m.role === undefined)) return 'openai-responses';
  if (messages.some((m) => isObj(m) && (m.type === 'message' || m.type === 'function_call_output' || m.role === 'developer'))) return 'openai-responses';
  const blockTypes = new Set(['tool_use', 'tool_result', 'document', 'server_tool_use']);
  if (messages.some((m) => isObj(m) && Array.isArray(m.content) && m.content.some((b) => isObj(b) && blockTypes.has(String(b.type))))) return 'anthropic-messages';
  return 'openai-chat';
}

/**
 * Compresses the tool outputs and documents of a message list in place, offloading every omission
 * to the store behind a marker: the same slots, rules and bytes as the proxy. Never throws for a
 * failure inside Headroom: the messages come back as they were and `onEvent` says why.
 */
export async function compress<T extends readonly unknown[]>(messages: T, options: CompressOptions = {}): Promise<CompressResult<T>> {
  const format = options.format ?? detectFormat(messages);
  if (format !== 'ai-sdk' && !isRequestFormat(format)) throw new TypeError(`unknown format "${format}"`);
  const engine = createEngine(options);
  const unchanged: CompressResult<T> = { messages, markers: [], tokensBefore: 0, tokensAfter: 0 };
  const pipeline = options.mode === 'off' ? undefined : engine.pipeline();
  if (!pipeline) return unchanged;
  const started = performance.now();
  try {
    if (format === 'ai-sdk') return await compressAiSdk(engine, messages, options, started);
    const key = providerModule(format).conversationKey;
    const result = await compressRequest(pipeline, { [key]: messages }, format, {
      ...(options.mode && options.mode !== 'off' ? { mode: options.mode } : {}),
      ...(options.slots ? { slots: options.slots } : {}),
      ...(options.tenant !== undefined ? { tenant: options.tenant } : {}),
      ...(options.query !== undefined ? { query: options.query } : {}),
      // The application owns its tool list here (it registers `retrieveTool` itself), so the step
      // keeps its first-marker rule: a marker that would bring the tool must pay for the cache rewrite.
      ...(engine.conversation && options.mode !== 'lossless' ? { conversation: engine.conversation } : {}),
    });
    const markers = markersInRequest(result.body, format);
    engine.emit({ type: 'compressed', format, tokensBefore: result.tokensBefore, tokensAfter: result.tokensAfter, markers: markers.length, durationMs: performance.now() - started });
    return { messages: (result.body as Obj)[key] as T, markers, tokensBefore: result.tokensBefore, tokensAfter: result.tokensAfter };
  } catch (error) {
    engine.emit({ type: 'failed', stage: 'compress', code: 'internal', message: error instanceof Error ? error.message : String(error) });
    return unchanged;
  }
}

/** AI SDK messages: the same pipeline over `tool-result` outputs (see `locateAiSdkSlots`). */
async function compressAiSdk<T extends readonly unknown[]>(engine: Engine, messages: T, options: CompressOptions, started: number): Promise<CompressResult<T>> {
  const result = await compressAiSdkMessages(engine, messages, options.query);
  const markers = [...aiSdkMarkers(result.messages)].map(([ref, toolName]) => ({ ref, ...(toolName ? { toolName } : {}) }));
  engine.emit({ type: 'compressed', format: 'ai-sdk', tokensBefore: result.tokensBefore, tokensAfter: result.tokensAfter, markers: markers.length, durationMs: performance.now() - started });
  return { ...result, markers };
}

/** Compresses the tool outputs of AI SDK messages; throws only what the pipeline throws (callers fail open). */
export async function compressAiSdkMessages<T extends readonly unknown[]>(
  engine: Engine,
  messages: T,
  query?: string,
): Promise<{ messages: T; tokensBefore: number; tokensAfter: number }> {
  const pipeline = engine.pipeline();
  if (!pipeline) return { messages, tokensBefore: 0, tokensAfter: 0 };
  const { options } = engine;
  const located = locateAiSdkSlots(messages);
  const ask = query ?? located.query;
  // The same slot policy as the provider formats: tool results only, minus excluded tools.
  const excluded = new Set((options.slots?.excludeTools ?? []).map((t) => t.toLowerCase()));
  const slots = options.slots?.toolResults === false ? [] : located.slots.filter((s) => !s.toolName || !excluded.has(s.toolName.toLowerCase()));
  const results = await Promise.all(
    slots.map((slot) =>
      pipeline.compress(slot.text, {
        role: 'tool',
        ...(slot.toolName ? { toolName: slot.toolName } : {}),
        ...(slot.hints ? { hints: slot.hints } : {}),
        ...(ask !== undefined ? { query: ask } : {}),
        ...(options.mode && options.mode !== 'off' ? { mode: options.mode } : {}),
        ...(options.tenant !== undefined ? { tenant: options.tenant } : {}),
      }),
    ),
  );
  let tokensBefore = 0;
  let tokensAfter = 0;
  const replacements: { path: readonly (string | number)[]; value: unknown }[] = [];
  slots.forEach((slot, i) => {
    const result = results[i]!;
    tokensBefore += result.tokensBefore;
    tokensAfter += result.tokensAfter;
    if (!result.compressed || result.text === slot.text) return;
    replacements.push({ path: slot.path, value: slot.json ? { type: 'text', value: result.text } : result.text });
  });
  return { messages: withValues(messages, replacements), tokensBefore, tokensAfter };
}
