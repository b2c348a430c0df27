import type { CodeLanguage } from './code-language.js';
import { type BackendPreference, loadBackend } from './internal/backend.js';
import { countErrors } from './internal/count-errors.js';

export interface ParseErrorsOptions {
  /** Which tree-sitter to parse with. Default: `auto` (native, else wasm). */
  readonly backend?: BackendPreference;
}

/**
 * How many ERROR and MISSING nodes tree-sitter finds in `text` parsed as `language`: 0 means the
 * text is syntactically valid. The validity check for skeletons (tests and `pnpm bench` use it).
 */
export async function parseErrors(text: string, language: CodeLanguage, options: ParseErrorsOptions = {}): Promise<number> {
  const backend = await loadBackend(options.backend ?? 'auto');
  const tree = backend.parse(text, language, Number.POSITIVE_INFINITY);
  if (!tree) throw new Error(`tree-sitter could not parse the text as ${language}`);
  try {
    return countErrors(tree.root).errors;
  } finally {
    tree.dispose();
  }
}
