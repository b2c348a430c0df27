import { type CompressContext, type CompressResult, compressed, skipped } from '@headroom/core';
import type { CodeLanguage } from '../code-language.js';
import type { ResolvedCodeOptions } from '../code-compressor-options.js';
import type { Backend } from './backend.js';
import { countErrors } from './count-errors.js';
import { MAX_ERROR_SHARE, type ParsedSource, parseSource } from './parse-source.js';
import { planPythonSkeleton } from './plan-python-skeleton.js';
import { planTsSkeleton } from './plan-ts-skeleton.js';
import { parseNumbered, shiftLineNumbers } from './numbered-lines.js';
import { applyEdits, type Chunk, joinChunks, originRows, type PlannedEdit } from './planned-edit.js';
import { queryMatcher } from './query-matcher.js';

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
  const tree = parseSource(text, language, backend, abortAt);
  if (!tree) return skipped(`parse abandoned after ${options.parseTimeoutMs} ms or at the deadline`);
  const inputErrors = tree.errors;
  let chunks: Chunk[];
  try {
    if (tree.errorChars / text.length > MAX_ERROR_SHARE) return skipped(`not ${language}: ${tree.errors} syntax errors`);
    const planned = planEdits(text, tree, language, options, context.query);
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
    const problem = verify(output, text, tree, language, backend, Math.min(context.deadline, Date.now() + options.parseTimeoutMs));
    if (problem) return skipped(problem);
  }
  const warnings = [
    ...(tree.suffix ? [`input ends inside ${tree.suffix.length / 2} open blocks (a read cut short?); they were closed for parsing only`] : []),
    ...(inputErrors > 0 ? [`input has ${inputErrors} syntax errors; code containing them was kept as written`] : []),
  ];
  return compressed(numbered ? numbered.renumber(output, originRows(chunks, text)) : output, warnings);
}

function planEdits(text: string, tree: ParsedSource, language: CodeLanguage, options: ResolvedCodeOptions, query: string | undefined): PlannedEdit[] {
  const settings = {
    maxBodyLines: options.maxBodyLines,
    maxCommentLines: options.maxCommentLines,
    maxLiteralLines: options.maxLiteralLines,
    query: options.keepQueryBodies ? queryMatcher(query) : undefined,
  };
  const parsed = tree.prefix + text.slice(0, tree.end) + tree.suffix;
  const all = language === 'python' ? planPythonSkeleton(parsed, tree.root, settings) : planTsSkeleton(parsed, tree.root, settings);
  if (!tree.prefix && !tree.suffix) return all;
  // A body the read cut short stays visible: its end is one of the braces added for parsing.
  return all.filter((edit) => edit.end <= tree.prefix.length + tree.end).map((edit) => unshift(edit, tree.prefix));
}

/** Re-parses the skeleton (with the same parsing-only prefix and suffix); a reason to skip when it has more errors than the input. */
function verify(output: string, text: string, tree: ParsedSource, language: CodeLanguage, backend: Backend, abortAt: number): string | undefined {
  // Edits all end by `tree.end`, so the output ends with the input's unparsed tail, verbatim.
  const checked = tree.prefix + output.slice(0, output.length - (text.length - tree.end)) + tree.suffix;
  const check = backend.parse(checked, language, abortAt);
  if (!check) return 'verification parse abandoned';
  const outputErrors = countErrors(check.root).errors;
  check.dispose();
  return outputErrors > tree.errors ? `skeleton would not parse (${outputErrors} errors, input had ${tree.errors})` : undefined;
}

export function countLines(text: string): number {
  let count = 1;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) count++;
  return count;
}

/** An edit planned on `prefix + text`, moved back onto `text` (the prefix only opens blocks, it holds no edits). */
function unshift(edit: PlannedEdit, prefix: string): PlannedEdit {
  if (!prefix) return edit;
  const by = prefix.length;
  const rows = countLines(prefix) - 1;
  return {
    start: edit.start - by,
    end: edit.end - by,
    kind: edit.kind,
    summary: shiftLineNumbers(edit.summary, -rows),
    render: (marker) => edit.render(marker).map((piece) => (typeof piece === 'string' ? piece : { from: piece.from - by, to: piece.to - by })),
  };
}
