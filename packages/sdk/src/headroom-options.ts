import type { CompressionMode, Compressor, ConversationStep, HeadroomStore, PipelinePolicy, SlotPolicy, Tokenizer } from '@headroom/core';

/** What happened inside Headroom during one call; the application's call itself never throws for these. */
export type HeadroomEvent =
  /** A request body went out: its compressible slots measured before and after, and the markers it carries. */
  | {
      readonly type: 'compressed';
      readonly format: string;
      readonly tokensBefore: number;
      readonly tokensAfter: number;
      readonly markers: number;
      /** Time spent compressing (locating slots, the pipeline, the retrieve-tool decision), in ms. */
      readonly durationMs: number;
    }
  /** The model asked for an original; `found` is false for an expired ref or one the request never carried. */
  | { readonly type: 'retrieved'; readonly ref: string; readonly found: boolean; readonly round: number }
  /** Something inside Headroom failed; the original request went out instead (fail open). */
  | { readonly type: 'failed'; readonly stage: 'compress' | 'retrieve'; readonly code: string; readonly message: string };

export interface HeadroomOptions {
  /** Where originals, memo entries and ledger rows go. Default: the SQLite store under `HEADROOM_HOME` (`~/.headroom/headroom.db`). */
  readonly store?: HeadroomStore;
  /** Default: the JSON, logs and text compressors (pure JavaScript). Pass `codeCompressor()`, `ragCompressor()` or your own to add them. */
  readonly compressors?: readonly Compressor[];
  /** Default: the estimating tokenizer (the proxy's choice: exact BPE costs more than the budget). */
  readonly tokenizer?: Tokenizer;
  /** `lossy` (default): omissions behind markers the model can redeem. `lossless`: re-encode only. `off`: send as is. */
  readonly mode?: CompressionMode | 'off';
  /** Which slots may be compressed (tool results and documents by default; never the system prompt or tools). */
  readonly slots?: SlotPolicy;
  /** Whose originals these are. Default: the local tenant. */
  readonly tenant?: string;
  /** Retrieval rounds answered in one turn before the model must answer. Default: 3 (as the proxy). */
  readonly maxRetrievalRounds?: number;
  /** Pipeline policy (minTokens, per-compression timeoutMs, compressorOptions). */
  readonly policy?: Omit<PipelinePolicy, 'mode' | 'source' | 'memoizeByQuery'>;
  /**
   * The conversation step run after per-slot compression (lossy mode, Anthropic Messages and the
   * two OpenAI APIs): a re-read becomes a reference plus diff at first sight, stale tool results are
   * elided at compaction points. Default: `chatCompressor()` from `@headroom/compressor-chat`, one
   * per `withHeadroom` client (or per `compress` call); `false` turns it off; pass your own step
   * (`chatCompressor({ now })` in tests).
   */
  readonly conversation?: ConversationStep | false;
  /** Called for every compression, retrieval and failure. A listener that throws is ignored. */
  readonly onEvent?: (event: HeadroomEvent) => void;
}
