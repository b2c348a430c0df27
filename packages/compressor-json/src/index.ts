export { compressLossless, MAX_DEPTH } from './compress-lossless.js';
export { decode } from './decode.js';
export { type JsonCompressorOptions, jsonCompressor } from './json-compressor.js';
