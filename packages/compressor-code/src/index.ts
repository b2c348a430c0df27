import { type Compressor, skipped } from '@headroom/core';

// Placeholder until the real compressor lands: a valid v1 compressor that never applies.
export function codeCompressor(): Compressor {
  return {
    specificationVersion: 'v1',
    name: 'code',
    contentTypes: ['code'],
    detect: () => 0,
    compress: () => skipped('not implemented yet'),
  };
}
