import type { ProviderUsage } from '../provider-module.js';
import { num } from '../usage-payload.js';

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * `usageMetadata` of a response or stream chunk: `promptTokenCount` includes the cached part
 * (`cachedContentTokenCount`), which is split out; thinking tokens count as output.
 */
export function geminiUsage(payload: unknown): ProviderUsage | undefined {
  if (!isObj(payload) || !isObj(payload.usageMetadata)) return undefined;
  const raw = payload.usageMetadata;
  const cached = num(raw.cachedContentTokenCount) ?? 0;
  const prompt = num(raw.promptTokenCount);
  const output = (num(raw.candidatesTokenCount) ?? 0) + (num(raw.thoughtsTokenCount) ?? 0);
  const model = typeof payload.modelVersion === 'string' ? payload.modelVersion : undefined;
  return {
    ...(model ? { model } : {}),
    ...(prompt !== undefined ? { inputTokens: Math.max(0, prompt - cached) } : {}),
    outputTokens: output,
    cacheReadTokens: cached,
  };
}
