import { type CompressContext, type Compressor, type CompressResult, skipped } from '@headroom/core';
import { type CodeCompressorOptions, resolveCodeOptions } from './code-compressor-options.js';
import { detectLanguageWith } from './detect-language.js';
import { type Backend, loadBackend, nativeBackend } from './internal/backend.js';
import { compressDiff } from './internal/compress-diff.js';
import { compressSource } from './internal/compress-source.js';

/**
 * One compressor for source files (TypeScript, TSX, JavaScript/JSX, Python → skeletons) and
 * unified diffs (context trimmed, generated files collapsed). Lossy: in `lossless` mode it skips.
 */
export function codeCompressor(options: CodeCompressorOptions = {}): Compressor {
  // Validate once up front, so a typo fails at construction rather than on the first request.
  resolveCodeOptions(options);
  return {
    specificationVersion: 'v1',
    name: 'code',
    contentTypes: ['code', 'diff'],
    detect(input: string, context: CompressContext): number {
      try {
        const settings = resolveCodeOptions(options, context.options);
        // detect() is synchronous: without the native addon it judges by hints and line shapes only.
        const backend = settings.backend === 'wasm' ? null : nativeBackend();
        return detectLanguageWith(input, context.hints, backend, context.deadline)?.confidence ?? 0;
      } catch {
        return 0;
      }
    },
    async compress(input: string, context: CompressContext): Promise<CompressResult> {
      const settings = resolveCodeOptions(options, context.options);
      if (context.toolName !== undefined && settings.verbatimTools.includes(context.toolName)) {
        return skipped(`output of ${context.toolName} is kept verbatim (verbatimTools)`);
      }
      if (context.mode === 'lossless') return skipped('lossless mode: skeletons and trimmed diffs omit text');
      if (input.trim().length === 0) return skipped('empty');
      if (input.length > settings.maxInputChars) return skipped(`too large: ${input.length} chars (maxInputChars ${settings.maxInputChars})`);
      let backend: Backend;
      try {
        backend = await loadBackend(settings.backend);
      } catch (error) {
        return skipped(`no tree-sitter backend: ${error instanceof Error ? error.message : String(error)}`);
      }
      const detected = detectLanguageWith(input, context.hints, backend, Math.min(context.deadline, Date.now() + settings.parseTimeoutMs));
      if (!detected) return skipped('not source code or a diff');
      const result = detected.language === 'diff' ? compressDiff(input, context, settings) : compressSource(input, detected.language, backend, context, settings);
      // Markers cost characters: on a file of short bodies a skeleton can come out longer.
      if (result.type === 'compressed' && result.text.length >= input.length) return skipped('nothing to gain: the skeleton is not shorter than the file');
      return result;
    },
  };
}
