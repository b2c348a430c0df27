import { type Compressor, createPipeline, type HeadroomStore, type Pipeline, type PipelinePolicy, type Tokenizer } from '@headroom/core';

export interface CreateMcpPipelineOptions {
  readonly compressors: readonly Compressor[];
  readonly store: HeadroomStore;
  readonly tokenizer?: Tokenizer;
  /** Any pipeline policy; `source` is always `mcp`. */
  readonly policy?: PipelinePolicy;
}

/** A pipeline whose ledger rows say `source: "mcp"`, so `headroom stats` can tell MCP traffic apart. */
export function createMcpPipeline(options: CreateMcpPipelineOptions): Pipeline {
  return createPipeline({
    compressors: options.compressors,
    store: options.store,
    ...(options.tokenizer ? { tokenizer: options.tokenizer } : {}),
    policy: { ...options.policy, source: 'mcp' },
  });
}
