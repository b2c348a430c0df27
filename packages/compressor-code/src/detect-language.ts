import type { ContentHints } from '@headroom/core';
import { type CodeLanguage, isDiffHint, languageFromHint, languageFromPath } from './code-language.js';
import { type Backend, nativeBackend } from './internal/backend.js';
import { countErrors } from './internal/count-errors.js';
import { parseNumbered } from './internal/numbered-lines.js';

export interface DetectedLanguage {
  readonly language: CodeLanguage | 'diff';
  /** 0..1: how sure the detection is. */
  readonly confidence: number;
  /** What decided it. */
  readonly by: 'path' | 'hint' | 'content';
}

const SAMPLE_CHARS = 16_384;
const PYTHON_LINE = /^\s*(def |async def |class |import |from [\w.]+ import |@\w|if __name__|elif |except\b|try:|return\b|raise |yield\b|with |self\.|#)|:\s*$/;
const SCRIPT_LINE = /^\s*(import\b|export\b|const |let |var |function\b|async function|class |interface |type \w+|enum |return\b|if \(|for \(|while \(|}|\/\/|\/\*|\*|@\w)|[;{}(,]\s*$/;
// File types that are never code here, whatever they contain.
const NOT_CODE_PATH = /\.(json|jsonl|ndjson|ya?ml|toml|lock|log|txt|md|markdown|rst|csv|tsv|xml|html?|css|svg|ini|cfg|env)$/i;

/**
 * Which language `text` is, from the hints first (a Read call's file path, a fenced block's info
 * string), else from its content: a diff header, then line heuristics over a 16 KB sample, then —
 * when a parser is at hand — a parse of that sample, where a high share of ERROR nodes means it is
 * not code. Undefined when it is none of ours (prose, logs, JSON).
 *
 * The sample parse is bounded by the sample's size, not by a clock: a fixed time limit made the
 * answer depend on how loaded the machine was. `abortAt` (ms since the epoch; default none) is
 * the caller's own deadline; a parse abandoned there counts as not code.
 */
export function detectLanguage(text: string, hints?: ContentHints, abortAt = Number.POSITIVE_INFINITY): DetectedLanguage | undefined {
  return detectLanguageWith(text, hints, nativeBackend(), abortAt);
}

/** `detectLanguage` with a given parser (null: hints and line shapes only). */
export function detectLanguageWith(text: string, hints: ContentHints | undefined, backend: Backend | null, abortAt = Number.POSITIVE_INFINITY): DetectedLanguage | undefined {
  if (hints?.language) {
    if (isDiffHint(hints.language)) return { language: 'diff', confidence: 0.95, by: 'hint' };
    const language = languageFromHint(hints.language);
    if (language) return { language, confidence: 0.9, by: 'hint' };
  }
  if (hints?.filePath) {
    if (isDiffHint(hints.filePath)) return { language: 'diff', confidence: 0.95, by: 'path' };
    const language = languageFromPath(hints.filePath);
    if (language) return { language, confidence: 0.9, by: 'path' };
    if (NOT_CODE_PATH.test(hints.filePath.trim())) return undefined;
  }
  // A numbered read (`cat -n`, an agent's Read tool) is judged by its code, not its numbers.
  const sample = parseNumbered(text.slice(0, SAMPLE_CHARS))?.code ?? text.slice(0, SAMPLE_CHARS);
  if (looksLikeDiff(sample)) return { language: 'diff', confidence: 0.9, by: 'content' };
  const trimmed = sample.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[') || trimmed.startsWith('<')) return undefined;

  const lines = sample.split('\n').filter((line) => line.trim().length > 0);
  if (lines.length < 5) return undefined;
  // Search output over code (`grep -rn`, `git grep`, `rg -n`) has code-shaped lines but is not a
  // file: a line scan says so before any parse (a parse of text that is mostly errors is slow).
  if (searchHitShare(lines) >= SEARCH_HITS) return undefined;
  const share = (pattern: RegExp) => lines.filter((line) => pattern.test(line)).length / lines.length;
  const python = share(PYTHON_LINE);
  const script = share(SCRIPT_LINE);
  const best = Math.max(python, script);
  if (best < 0.35) return undefined;
  const language: 'python' | 'typescript' = python > script ? 'python' : 'typescript';
  if (!backend) return { language, confidence: best >= 0.6 ? 0.5 : 0.3, by: 'content' };

  const prefix = cutAtStatement(sample);
  const candidates: CodeLanguage[] = language === 'python' ? ['python'] : ['typescript', 'javascript'];
  let bestShare = 1;
  let bestLanguage: CodeLanguage = language;
  for (const candidate of candidates) {
    const errorShare = errorShareOf(prefix, candidate, backend, abortAt);
    if (errorShare < bestShare) {
      bestShare = errorShare;
      bestLanguage = candidate;
    }
    if (errorShare === 0) break;
  }
  if (bestShare <= 0.01) return { language: bestLanguage, confidence: 0.7, by: 'content' };
  if (bestShare <= 0.05) return { language: bestLanguage, confidence: 0.4, by: 'content' };
  return undefined;
}

/** At this share of its lines being search hits, a text is search output, not code. */
const SEARCH_HITS = 0.5;
// `path:12:text`, `path:12-text`, `rev:path:12:text` (the path starts with neither a space nor a colon).
const PATH_HIT = /^[^\s:][^:]*:\d+[:-]/;
// `12:text` (grep -n on one file) and `path-12-text` (a `-C` context line).
const NUMBER_HIT = /^\d+[:-]|^[^\s:]+?-\d+-/;

/**
 * Share of `lines` shaped like grep hits. In a source file a line starting `word:12:` or `12:` is
 * a syntax error (or, rarely, a label), so no real file comes near half of its lines.
 */
function searchHitShare(lines: readonly string[]): number {
  let hits = 0;
  let counted = 0;
  for (const line of lines) {
    if (line === '--') continue;
    counted++;
    if (PATH_HIT.test(line) || NUMBER_HIT.test(line)) hits++;
  }
  return counted === 0 ? 0 : hits / counted;
}

/** Share of the text covered by ERROR nodes (MISSING nodes count as one char each); 1 when the parse failed. */
function errorShareOf(text: string, language: CodeLanguage, backend: Backend, abortAt: number): number {
  const tree = backend.parse(text, language, abortAt);
  if (!tree) return 1;
  try {
    const { errors, errorChars } = countErrors(tree.root);
    return errors === 0 ? 0 : Math.max(errorChars, errors) / Math.max(1, text.length);
  } finally {
    tree.dispose();
  }
}

/**
 * The sample is cut before its last line that starts at column 0, so a statement our 16 KB cut
 * (or a Read with a line limit) left open does not count as errors.
 */
function cutAtStatement(sample: string): string {
  let at = sample.lastIndexOf('\n');
  while (at > 0) {
    if (/[A-Za-z@_$]/.test(sample[at + 1] ?? '')) return sample.slice(0, at + 1);
    at = sample.lastIndexOf('\n', at - 1);
  }
  return sample;
}

const DIFF_GIT = /^diff --git /m;
const UNIFIED_HEADERS = /^--- \S[^\n]*\n\+\+\+ \S/m;
const HUNK = /^@@ -\d+(,\d+)? \+\d+(,\d+)? @@/m;

/** A unified diff: `diff --git` lines, or `---`/`+++` file headers followed by a hunk header. */
export function looksLikeDiff(sample: string): boolean {
  return (DIFF_GIT.test(sample) && (HUNK.test(sample) || /^Binary files /m.test(sample))) || (UNIFIED_HEADERS.test(sample) && HUNK.test(sample));
}
