import type { CompressContext } from '@headroom/core';
import type { ResolvedRagOptions } from '../rag-compressor-options.js';

/** Tokens the visible body may spend: the host's target when it set one, else a share of the input. */
export function budgetFor(input: string, context: CompressContext, options: ResolvedRagOptions, ratio = options.keepRatio): number {
  if (context.target !== undefined && context.target > 0) return context.target;
  return Math.max(options.minKeepTokens, Math.round(ratio * context.tokenizer.estimate(input)));
}
