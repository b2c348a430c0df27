export { detectRag, type RagDetection, type RagKind } from './detect-rag.js';
export { ragCompressor } from './rag-compressor.js';
export type { RagCompressorOptions } from './rag-compressor-options.js';
