import { type CompressContext, type CompressionMode, createMarker, createTokenizer, type OffloadMeta, refOf } from '@headroom/core';

const tokenizer = createTokenizer();

/** A context like the pipeline's, keeping what was offloaded (by ref) for the test to check. */
export function testContext(options: { mode?: CompressionMode; query?: string; target?: number; toolName?: string; command?: string } = {}) {
  const offloads = new Map<string, { original: string; meta: OffloadMeta }>();
  const context: CompressContext = {
    tokenizer,
    mode: options.mode ?? 'lossy',
    ...(options.query !== undefined ? { query: options.query } : {}),
    ...(options.target !== undefined ? { target: options.target } : {}),
    ...(options.toolName !== undefined ? { toolName: options.toolName } : {}),
    ...(options.command !== undefined ? { hints: { command: options.command } } : {}),
    options: {},
    deadline: Date.now() + 60_000,
    offload(original, meta) {
      const ref = refOf(original);
      offloads.set(ref, { original, meta });
      return createMarker(ref, meta.summary);
    },
  };
  return { context, offloads };
}
