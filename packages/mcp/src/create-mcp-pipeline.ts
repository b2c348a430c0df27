import { type Compressor, createPipeline, type HeadroomStore, type Pipeline, type PipelinePolicy, type Tokenizer, type ToolPolicies } from '@headroom/core';

export interface CreateMcpPipelineOptions {
  readonly compressors: readonly Compressor[];
  readonly store: HeadroomStore;
  readonly tokenizer?: Tokenizer;
  /** Any pipeline policy; `source` is always `mcp`. */
  readonly policy?: PipelinePolicy;
  /** Learned tool policies, read on every compression (`createPolicyFileSource` over `HEADROOM_HOME/policy.json`). */
  readonly toolPolicies?: () => ToolPolicies | undefined;
}

/** A pipeline whose ledger rows say `source: "mcp"`, so `headroom stats` can tell MCP traffic apart. */
export function createMcpPipeline(options: CreateMcpPipelineOptions): Pipeline {
  return createPipeline({
    compressors: options.compressors,
    store: options.store,
    ...(options.tokenizer ? { tokenizer: options.tokenizer } : {}),
    policy: { ...options.policy, source: 'mcp' },
    ...(options.toolPolicies ? { toolPolicies: options.toolPolicies } : {}),
  });
}
