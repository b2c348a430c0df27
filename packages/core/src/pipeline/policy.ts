import type { CompressionMode } from '../compressor.js';
import { HeadroomError } from '../errors.js';
import { DEFAULT_ORIGINAL_TTL_MS } from '../store/store.js';
import type { ToolPolicies } from './tool-policy.js';

export interface PipelinePolicy {
  /** Default mode for every compression. Default: `lossy` (omissions behind markers). */
  readonly mode?: CompressionMode;
  /** Content below this many (estimated) tokens passes through. Default: 100. */
  readonly minTokens?: number;
  /** A compressor whose best confidence is below this is not used. Default: 0.3. */
  readonly minConfidence?: number;
  /** Per-compression time limit in ms; past it the original passes through. Default: 2000. */
  readonly timeoutMs?: number;
  /** Count tokens exactly with the tokenizer (slower) instead of estimating. Default: false. */
  readonly exactTokens?: boolean;
  /** How long originals stay retrievable. Default: 24 h. */
  readonly originalTtlMs?: number;
  /** Options per compressor, by compressor name; passed as `context.options`. */
  readonly compressorOptions?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** Per-tool policies (exempt, lossless, options per compressor); see `ToolPolicy`. Default: none. */
  readonly tools?: ToolPolicies;
  /** Tag written into ledger rows (`cli`, `proxy`, `mcp`, `sdk`). */
  readonly source?: string;
  /**
   * The query is part of the memo key: the same content asked about with a new question is
   * compressed afresh for it. Default: true. A host that resends history every turn (the proxy, an
   * SDK wrapping a chat client) sets false: the bytes of the first sight must stay, or the
   * provider's cached prefix breaks.
   */
  readonly memoizeByQuery?: boolean;
}

export type ResolvedPolicy = Required<Omit<PipelinePolicy, 'source'>> & { readonly source: string | undefined };

export function resolvePolicy(policy: PipelinePolicy = {}): ResolvedPolicy {
  const resolved: ResolvedPolicy = {
    mode: policy.mode ?? 'lossy',
    minTokens: policy.minTokens ?? 100,
    minConfidence: policy.minConfidence ?? 0.3,
    timeoutMs: policy.timeoutMs ?? 2000,
    exactTokens: policy.exactTokens ?? false,
    originalTtlMs: policy.originalTtlMs ?? DEFAULT_ORIGINAL_TTL_MS,
    compressorOptions: policy.compressorOptions ?? {},
    tools: policy.tools ?? {},
    source: policy.source,
    memoizeByQuery: policy.memoizeByQuery ?? true,
  };
  if (resolved.mode !== 'lossless' && resolved.mode !== 'lossy') {
    throw new HeadroomError('invalid_argument', `policy.mode must be "lossless" or "lossy", got ${JSON.stringify(resolved.mode)}`);
  }
  for (const key of ['minTokens', 'minConfidence', 'timeoutMs', 'originalTtlMs'] as const) {
    if (!Number.isFinite(resolved[key]) || resolved[key] < 0) {
      throw new HeadroomError('invalid_argument', `policy.${key} must be a non-negative number`);
    }
  }
  return resolved;
}
