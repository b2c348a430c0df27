import { type CompressContext, type CompressResult, compressed, skipped } from '@headroom/core';
import type { CodeLanguage } from '../code-language.js';
import type { ResolvedCodeOptions } from '../code-compressor-options.js';
import type { Backend } from './backend.js';
import { countErrors } from './count-errors.js';
import { planPythonSkeleton } from './plan-python-skeleton.js';
import { planTsSkeleton } from './plan-ts-skeleton.js';
import { parseNumbered, shiftLineNumbers } from './numbered-lines.js';
import { applyEdits, type Chunk, joinChunks, originRows } from './planned-edit.js';
import { queryMatcher } from './query-matcher.js';

/** Above this share of ERROR text the input is not code of that language: it passes through untouched. */
const MAX_ERROR_SHARE = 0.05;

/**
 * Source file → skeleton: signatures stay, long bodies, comments and data literals go behind
 * markers. A numbered read (`cat -n`, an agent's Read tool) is parsed without its numbers and
 * numbered again afterwards; markers then store the numbered input text.
 */
export function compressSource(input: string, language: CodeLanguage, backend: Backend, context: CompressContext, options: ResolvedCodeOptions): CompressResult {
  const numbered = parseNumbered(input);
  const text = numbered?.code ?? input;
  const lineCount = countLines(text);
  // A minified bundle has no lines to point at and no structure worth a skeleton.
  if (text.length / lineCount > 400) return skipped(`looks minified: ${Math.round(text.length / lineCount)} chars per line`);
  if (lineCount < options.minLines) return skipped(`too small: ${lineCount} lines (minLines ${options.minLines})`);

  const abortAt = Math.min(context.deadline, Date.now() + options.parseTimeoutMs);
  const tree = backend.parse(text, language, abortAt);
  if (!tree) return skipped(`parse abandoned after ${options.parseTimeoutMs} ms or at the deadline`);
  let inputErrors: number;
  let chunks: Chunk[];
  try {
    const { errors, errorChars } = countErrors(tree.root);
    if (errorChars / text.length > MAX_ERROR_SHARE) return skipped(`not ${language}: ${errors} syntax errors`);
    inputErrors = errors;
    const settings = {
      maxBodyLines: options.maxBodyLines,
      maxCommentLines: options.maxCommentLines,
      maxLiteralLines: options.maxLiteralLines,
      query: options.keepQueryBodies ? queryMatcher(context.query) : undefined,
    };
    const planned = language === 'python' ? planPythonSkeleton(text, tree.root, settings) : planTsSkeleton(text, tree.root, settings);
    if (planned.length === 0) return skipped('nothing to elide: every body is short or matches the query');
    // The only function of a file is the file: eliding it would leave nothing to read.
    if (planned.length === 1 && planned[0]?.kind === 'body') return skipped('the only long body is the whole point of the file');
    const edits = numbered ? planned.map((edit) => ({ ...edit, summary: shiftLineNumbers(edit.summary, numbered.firstNumber - 1) })) : planned;
    const original = numbered ? (start: number, end: number) => input.slice(numbered.toInputOffset(start), numbered.toInputOffset(end)) : undefined;
    chunks = applyEdits(text, edits, context.offload, original);
  } finally {
    tree.dispose();
  }
  const output = joinChunks(chunks);

  if (options.verify || inputErrors > 0) {
    const check = backend.parse(output, language, Math.min(context.deadline, Date.now() + options.parseTimeoutMs));
    if (!check) return skipped('verification parse abandoned');
    const outputErrors = countErrors(check.root).errors;
    check.dispose();
    if (outputErrors > inputErrors) return skipped(`skeleton would not parse (${outputErrors} errors, input had ${inputErrors})`);
  }
  const warnings = inputErrors > 0 ? [`input has ${inputErrors} syntax errors; statements containing them were kept as written`] : [];
  return compressed(numbered ? numbered.renumber(output, originRows(chunks, text)) : output, warnings);
}

export function countLines(text: string): number {
  let count = 1;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) count++;
  return count;
}
