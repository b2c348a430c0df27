type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A finite number, or undefined. */
export const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/**
 * The raw usage object a response body or stream event carries, wherever the API puts it (top
 * level, `message` of a message_start, `response` of a response.completed), and the model named
 * beside it.
 */
export function usagePayload(payload: unknown): { raw: Obj; model?: string } | undefined {
  if (!isObj(payload)) return undefined;
  const holder = isObj(payload.message) ? payload.message : isObj(payload.response) ? payload.response : payload;
  const raw = isObj(payload.usage) ? payload.usage : holder.usage;
  if (!isObj(raw)) return undefined;
  const model = typeof holder.model === 'string' ? holder.model : typeof payload.model === 'string' ? payload.model : undefined;
  return model ? { raw, model } : { raw };
}

/** OpenAI's usage (Chat: prompt/completion tokens; Responses: input/output tokens), cached reads split out. */
export function openAIUsage(payload: unknown) {
  const found = usagePayload(payload);
  if (!found) return undefined;
  const { raw } = found;
  const details = isObj(raw.prompt_tokens_details) ? raw.prompt_tokens_details : isObj(raw.input_tokens_details) ? raw.input_tokens_details : {};
  const cached = num(details.cached_tokens) ?? 0;
  const input = num(raw.prompt_tokens) ?? num(raw.input_tokens);
  const output = num(raw.completion_tokens) ?? num(raw.output_tokens);
  return {
    ...(found.model ? { model: found.model } : {}),
    ...(input !== undefined ? { inputTokens: Math.max(0, input - cached) } : {}),
    ...(output !== undefined ? { outputTokens: output } : {}),
    cacheReadTokens: cached,
  };
}
