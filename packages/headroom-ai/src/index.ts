// One install for the common case; the scoped @headroom/* packages stay for a smaller footprint.
export * from '@headroom/core';
export { type CodeCompressorOptions, codeCompressor } from '@headroom/compressor-code';
export { type JsonCompressorOptions, jsonCompressor } from '@headroom/compressor-json';
export { type LogsCompressorOptions, logsCompressor } from '@headroom/compressor-logs';
export { type RagCompressorOptions, ragCompressor } from '@headroom/compressor-rag';
export { type TextCompressorOptions, textCompressor } from '@headroom/compressor-text';
export { createSqliteStore, createSqliteWorkerStore, headroomHome, type SqliteStoreOptions } from '@headroom/store-sqlite';
export { defaultCompressors } from './default-compressors.js';
