export { type RepeatedLinesOptions, repeatedLinesCompressor } from './repeated-lines-compressor.js';
