// One install for the common case; the scoped @headroom/* packages stay for a smaller footprint.
export * from '@headroom/core';
export { chatCompressor } from '@headroom/compressor-chat';
export { type CodeCompressorOptions, codeCompressor } from '@headroom/compressor-code';
export { type JsonCompressorOptions, jsonCompressor } from '@headroom/compressor-json';
export { type LogsCompressorOptions, logsCompressor } from '@headroom/compressor-logs';
export { type RagCompressorOptions, ragCompressor } from '@headroom/compressor-rag';
export { type TextCompressorOptions, textCompressor } from '@headroom/compressor-text';
export { createSqliteStore, createSqliteWorkerStore, headroomHome, type SqliteStoreOptions } from '@headroom/store-sqlite';
export { defaultCompressors } from './default-compressors.js';
// The application-side integrations. Core's `CompressResult` (one compressor's result) keeps its
// name; the SDK's message-level result is `MessagesCompressResult` here.
export {
  type CompressOptions,
  type CompressResult as MessagesCompressResult,
  compress,
  detectFormat,
  type HeadroomEvent,
  type HeadroomMiddleware,
  type HeadroomOptions,
  type HeadroomWrappable,
  headroomMiddleware,
  type MessageFormat,
  type RetrieveTool,
  type RetrieveToolOptions,
  retrieveTool,
  withHeadroom,
} from '@headroom/sdk';
