export { CODE_LANGUAGES, type CodeLanguage, isDiffHint, languageFromHint, languageFromPath } from './code-language.js';
export { codeCompressor } from './code-compressor.js';
export type { CodeCompressorOptions } from './code-compressor-options.js';
export { type DetectedLanguage, detectLanguage, looksLikeDiff } from './detect-language.js';
export type { BackendPreference } from './internal/backend.js';
export { type ParseErrorsOptions, parseErrors } from './parse-errors.js';
