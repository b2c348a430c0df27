import { codeCompressor } from '@headroom/compressor-code';
import { jsonCompressor } from '@headroom/compressor-json';
import { logsCompressor } from '@headroom/compressor-logs';
import { ragCompressor } from '@headroom/compressor-rag';
import { textCompressor } from '@headroom/compressor-text';
import type { Compressor } from '@headroom/core';

/**
 * The first-party compressors with their default options, in the order the CLI and the proxy use
 * (on equal confidence the earlier one wins).
 */
export function defaultCompressors(): Compressor[] {
  return [jsonCompressor(), logsCompressor(), codeCompressor(), textCompressor(), ragCompressor()];
}
