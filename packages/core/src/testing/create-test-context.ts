import type { CompressContext, OffloadMeta } from '../compressor.js';
import { HeadroomError } from '../errors.js';
import { refOf } from '../hash.js';
import { createMarker } from '../markers.js';
import { createEstimatingTokenizer } from '../tokenizer/tiktoken-tokenizer.js';

export interface TestContext {
  /** A context like the pipeline's: same hash, same marker grammar, lossless offloads refused. */
  readonly context: CompressContext;
  /** Every original offloaded through `context.offload`, by ref. */
  readonly offloads: Map<string, { readonly original: string; readonly meta: OffloadMeta }>;
}

/**
 * A `CompressContext` for compressor tests, instead of one built by hand in every package. The
 * deadline is none by default: a test's outcome must not depend on how loaded the machine is
 * (pass `deadline` to test what happens when one passes). Defaults: lossy, estimating tokenizer,
 * no options.
 */
export function createTestContext(overrides: Partial<Omit<CompressContext, 'offload'>> = {}): TestContext {
  const offloads = new Map<string, { original: string; meta: OffloadMeta }>();
  const context: CompressContext = {
    tokenizer: createEstimatingTokenizer(),
    mode: 'lossy',
    options: {},
    deadline: Number.POSITIVE_INFINITY,
    ...overrides,
    offload(original, meta) {
      if (context.mode === 'lossless') throw new HeadroomError('invalid_argument', 'offload is not allowed in lossless mode');
      const ref = refOf(original);
      offloads.set(ref, { original, meta });
      return createMarker(ref, meta.summary);
    },
  };
  return { context, offloads };
}
