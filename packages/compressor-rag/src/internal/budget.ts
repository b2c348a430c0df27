import type { CompressContext } from '@headroom/core';
import type { ResolvedRagOptions } from '../rag-compressor-options.js';

/** Tokens the visible body may spend: the host's target when it set one, else a share of the input. */
export function budgetFor(input: string, context: CompressContext, options: ResolvedRagOptions): number {
  if (context.target !== undefined && context.target > 0) return context.target;
  return Math.max(options.minKeepTokens, Math.round(options.keepRatio * context.tokenizer.estimate(input)));
}
