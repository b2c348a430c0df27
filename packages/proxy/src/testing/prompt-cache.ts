import { createHash } from 'node:crypto';
import { estimateTokens, type RequestFormat } from '@headroom/core';

/**
 * A model of a provider's prompt cache, for tests and the bench: it remembers the prefixes it saw
 * and says, for each new request, how many input tokens were read from the cache, written to it,
 * or neither — the three figures the provider bills at different prices.
 *
 * A request is cut into segments in the order the provider builds its prompt (Anthropic: tools,
 * system, then each content block of each message; OpenAI Chat: tools, then each message;
 * OpenAI Responses: instructions, tools, then each input item). Each segment's canonical JSON is
 * chained into a hash, so "prefix up to segment i" has one key and a changed byte anywhere before i
 * changes it.
 *
 * Rules modelled (documented in the package README):
 * - Anthropic: only prefixes ending at a `cache_control` breakpoint are written (and billed at the
 *   write price); a read is the longest unexpired written prefix that the request repeats, looked
 *   up at any segment boundary up to the last breakpoint (no 20-block look-back limit). A hit
 *   refreshes the entry's expiry. TTL 5 min, or 1 h for a breakpoint with `ttl: "1h"`.
 *   `autoBreakpoint` treats the end of the request as a breakpoint too (Anthropic's automatic
 *   caching / a client that marks its newest message).
 * - OpenAI: every prefix of 1024 tokens or more is cached for free; a read is the longest cached
 *   prefix repeated, counted as 1024 + a multiple of 128 tokens. TTL 5 min since last use (24 h
 *   when the request says `prompt_cache_retention: "24h"`).
 * Prefixes under `minTokens` (1024 for both) are never cached.
 */
export type CacheProvider = 'anthropic' | 'openai';

export interface PromptCacheOptions {
  /** Milliseconds; the simulated clock. Default `Date.now`. */
  readonly now?: () => number;
  /** Default 5 minutes. */
  readonly ttlMs?: number;
  /** Shortest cacheable prefix, in tokens. Default 1024. */
  readonly minTokens?: number;
  /** Anthropic: treat the end of every request as a breakpoint. Default false. */
  readonly autoBreakpoint?: boolean;
  /** Token count of a segment. Default: core's estimate. */
  readonly countTokens?: (text: string) => number;
}

export interface CacheUsage {
  /** Every input token of the request. */
  readonly totalTokens: number;
  /** Tokens billed at the plain input price. */
  readonly inputTokens: number;
  readonly cacheReadTokens: number;
  /** Anthropic only: tokens written to the cache (billed at the write price). */
  readonly cacheWriteTokens: number;
  /** Anthropic only: how much of the write had the 1-hour TTL. */
  readonly cacheWrite1hTokens: number;
}

export interface PromptCache {
  /** Bills one request and updates the cache. */
  observe(body: unknown, format: RequestFormat): CacheUsage;
  /** Entries alive now (for tests). */
  size(): number;
  clear(): void;
}

const HOUR_MS = 60 * 60 * 1000;
const FIVE_MINUTES_MS = 5 * 60 * 1000;

interface Segment {
  readonly text: string;
  /** TTL of a `cache_control` breakpoint on this segment. */
  readonly breakpoint?: number;
}

interface Entry {
  readonly tokens: number;
  expiresAt: number;
  readonly ttlMs: number;
}

export function createPromptCache(provider: CacheProvider, options: PromptCacheOptions = {}): PromptCache {
  const now = options.now ?? Date.now;
  const ttlMs = options.ttlMs ?? FIVE_MINUTES_MS;
  const minTokens = options.minTokens ?? 1024;
  const count = options.countTokens ?? estimateTokens;
  const entries = new Map<string, Entry>();

  const sweep = (at: number) => {
    for (const [key, entry] of entries) if (entry.expiresAt <= at) entries.delete(key);
  };

  function observe(body: unknown, format: RequestFormat): CacheUsage {
    const at = now();
    sweep(at);
    const record = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    const segments = segmentsOf(record, format);
    const keys: string[] = [];
    const tokens: number[] = [];
    let chain = '';
    let total = 0;
    for (const segment of segments) {
      chain = createHash('sha256').update(chain).update('\u0000').update(segment.text).digest('hex');
      keys.push(chain);
      total += count(segment.text);
      tokens.push(total);
    }
    return provider === 'anthropic' ? anthropic(segments, keys, tokens, total, at) : openai(record, keys, tokens, total, at);
  }

  function anthropic(segments: readonly Segment[], keys: readonly string[], tokens: readonly number[], total: number, at: number): CacheUsage {
    const breakpoints: { index: number; ttl: number }[] = [];
    segments.forEach((segment, index) => {
      if (segment.breakpoint !== undefined) breakpoints.push({ index, ttl: segment.breakpoint });
    });
    if (options.autoBreakpoint && segments.length > 0 && breakpoints.at(-1)?.index !== segments.length - 1) {
      breakpoints.push({ index: segments.length - 1, ttl: ttlMs });
    }
    const last = breakpoints.at(-1);
    if (!last) return { totalTokens: total, inputTokens: total, cacheReadTokens: 0, cacheWriteTokens: 0, cacheWrite1hTokens: 0 };
    let read = 0;
    for (let i = last.index; i >= 0; i--) {
      const entry = entries.get(keys[i]!);
      if (entry) {
        read = entry.tokens;
        entry.expiresAt = at + entry.ttlMs;
        break;
      }
    }
    let write = 0;
    let write1h = 0;
    let covered = read;
    for (const { index, ttl } of breakpoints) {
      const upTo = tokens[index]!;
      if (upTo < minTokens || upTo <= covered) continue;
      if (!entries.has(keys[index]!)) entries.set(keys[index]!, { tokens: upTo, expiresAt: at + ttl, ttlMs: ttl });
      write += upTo - covered;
      if (ttl >= HOUR_MS) write1h += upTo - covered;
      covered = upTo;
    }
    return { totalTokens: total, inputTokens: total - read - write, cacheReadTokens: read, cacheWriteTokens: write, cacheWrite1hTokens: write1h };
  }

  function openai(body: Record<string, unknown>, keys: readonly string[], tokens: readonly number[], total: number, at: number): CacheUsage {
    const ttl = body.prompt_cache_retention === '24h' ? 24 * HOUR_MS : ttlMs;
    let read = 0;
    for (let i = keys.length - 1; i >= 0; i--) {
      const entry = entries.get(keys[i]!);
      if (entry) {
        read = entry.tokens;
        break;
      }
    }
    // Reads come in 128-token steps above the 1024-token minimum.
    const billedRead = read < minTokens ? 0 : minTokens + Math.floor((read - minTokens) / 128) * 128;
    keys.forEach((key, i) => {
      const upTo = tokens[i]!;
      if (upTo < minTokens) return;
      const entry = entries.get(key);
      if (entry) entry.expiresAt = at + ttl;
      else entries.set(key, { tokens: upTo, expiresAt: at + ttl, ttlMs: ttl });
    });
    return { totalTokens: total, inputTokens: total - billedRead, cacheReadTokens: billedRead, cacheWriteTokens: 0, cacheWrite1hTokens: 0 };
  }

  return {
    observe,
    size: () => {
      sweep(now());
      return entries.size;
    },
    clear: () => entries.clear(),
  };

  function segmentsOf(body: Record<string, unknown>, format: RequestFormat): Segment[] {
    const out: Segment[] = [];
    // `cache_control` itself is not part of the cached bytes: clients move their breakpoint every turn.
    const push = (value: unknown) => out.push({ text: JSON.stringify(value, withoutCacheControl) ?? '', ...breakpointOf(value) });
    if (format === 'anthropic-messages') {
      for (const tool of asArray(body.tools)) push(tool);
      if (typeof body.system === 'string') push(body.system);
      else for (const block of asArray(body.system)) push(block);
      for (const message of asArray(body.messages)) {
        const m = (message ?? {}) as Record<string, unknown>;
        // The role starts each message: a block moved to another role is another prefix.
        out.push({ text: `role:${String(m.role)}` });
        if (typeof m.content === 'string') push(m.content);
        else for (const block of asArray(m.content)) push(block);
      }
      return out;
    }
    if (format === 'openai-responses' && body.instructions !== undefined) push(body.instructions);
    for (const tool of asArray(body.tools)) push(tool);
    if (format === 'openai-chat') for (const message of asArray(body.messages)) push(message);
    else if (typeof body.input === 'string') push(body.input);
    else for (const item of asArray(body.input)) push(item);
    return out;
  }

  function breakpointOf(value: unknown): { breakpoint?: number } {
    if (typeof value !== 'object' || value === null) return {};
    const control = (value as { cache_control?: { type?: unknown; ttl?: unknown } }).cache_control;
    if (control?.type !== 'ephemeral') return {};
    return { breakpoint: control.ttl === '1h' ? HOUR_MS : ttlMs };
  }
}

const withoutCacheControl = (key: string, value: unknown) => (key === 'cache_control' ? undefined : value);

const asArray = (value: unknown): readonly unknown[] => (Array.isArray(value) ? value : []);

/** Which provider's cache a request format goes to. */
export const cacheProviderOf = (format: RequestFormat): CacheProvider => (format === 'anthropic-messages' ? 'anthropic' : 'openai');
