export { type CommandRoute, commandRoute, commandWords, type TextFamily } from './command-family.js';
export { detectText, type TextDetection, type TextHints } from './detect-text.js';
export { textCompressor } from './text-compressor.js';
export type { TextCompressorOptions } from './text-compressor-options.js';
export { queryPatterns, stem } from './match-query.js';
