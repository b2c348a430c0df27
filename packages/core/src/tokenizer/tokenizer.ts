/** Counts tokens. `count` is exact for `encoding` (when `exact`); `estimate` is a cheap guess for request-path decisions. */
export interface Tokenizer {
  /** The encoding counted with (`o200k_base`, `cl100k_base`) or `estimate`. */
  readonly encoding: string;
  /** False when counts are estimates: the model's own tokenizer is not public (Claude, Gemini...). */
  readonly exact: boolean;
  count(text: string): number;
  estimate(text: string): number;
}

export type EncodingName = 'o200k_base' | 'cl100k_base';

/**
 * Which encoding a model uses. Current OpenAI models use o200k_base, older ones cl100k_base;
 * for every other model family o200k_base is an estimate and is reported as such.
 */
export function encodingForModel(model: string | undefined): { encoding: EncodingName; exact: boolean } {
  const m = (model ?? '').toLowerCase();
  if (/^(gpt-4o|gpt-4\.1|gpt-4\.5|gpt-5|o1|o3|o4|chatgpt-4o|codex|gpt-oss)/.test(m)) return { encoding: 'o200k_base', exact: true };
  if (/^(gpt-4|gpt-3\.5|text-embedding-3|text-embedding-ada)/.test(m)) return { encoding: 'cl100k_base', exact: true };
  return { encoding: 'o200k_base', exact: false };
}
