import { CLAIM_CONFIDENCE, type CompressContext } from '@headroom/core';
import { isSpace } from './internal/collapse-space.js';
import { jsonHitRows } from './internal/parse-json-hits.js';
import { grepShare, grepShareAtLeast } from './internal/parse-grep.js';
import { looksLikeRgJson } from './internal/parse-rg-json.js';

export type RagKind = 'search-text' | 'search-rg-json' | 'search-json' | 'document';

export interface RagDetection {
  readonly kind: RagKind;
  readonly confidence: number;
}

const SAMPLE_LINES = 200;
const SAMPLE_CHARS = 64 * 1024;
const SEARCH_COMMAND = /(?:^|[|;&]\s*|\s)(?:grep|egrep|fgrep|rg|ag|ack|git\s+(?:-C\s+\S+\s+)?grep)\s/;
const SEARCH_TOOLS = /^(?:grep|search|code_?search|search_code|find_in_files|ripgrep|rg)$/i;
const DOCUMENT_TOOLS = /^(?:webfetch|web_fetch|websearch|web_search|fetch|browse|retrieve|retriever|search_docs|read_docs|docs?|rag|knowledge_base)$/i;
const DOCUMENT_PATH = /\.(?:md|markdown|mdx|rst|txt|html?|adoc|org)$/i;

/**
 * Which kind of retrieved content `input` is, and how sure: search results (grep-style text,
 * `rg --json`, a JSON array of hits) or documents (Markdown, reStructuredText, HTML, prose, several
 * documents in one result). The tool name and the command line are hints that raise (never create)
 * a confidence. JSON that is not a list of search hits, logs, code and diffs score 0 here.
 */
export function detectRag(input: string, context: Pick<CompressContext, 'toolName' | 'hints'> | undefined, parseJson: (input: string) => unknown): RagDetection | undefined {
  const head = input.slice(0, SAMPLE_CHARS);
  const trimmed = head.trimStart();
  const command = context?.hints?.command ?? '';
  const searchHint = SEARCH_COMMAND.test(` ${command} `) || SEARCH_TOOLS.test(context?.toolName ?? '');
  if (looksLikeRgJson(trimmed)) return { kind: 'search-rg-json', confidence: 0.97 };
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) {
    // The JSON compressor takes JSON at 0.95; only arrays of search hits are taken from it. Text
    // that merely starts with a bracket (a Markdown badge `[![…`) is not JSON and goes on below.
    const value = parseJson(input);
    if (value !== undefined) {
      if (!/"(?:path|file|filename|file_path|filePath|relative_path|uri)"\s*:/.test(head)) return undefined;
      return jsonHitRows(value) ? { kind: 'search-json', confidence: 0.97 } : undefined;
    }
  }
  const share = grepShare(input);
  if (share >= 0.6) return { kind: 'search-text', confidence: Math.min(0.95, (searchHint ? 0.8 : 0.6) + 0.3 * share) };
  const document = documentConfidence(head);
  if (document === 0) return undefined;
  const path = context?.hints?.filePath ?? '';
  const hinted = DOCUMENT_TOOLS.test(context?.toolName ?? '') || DOCUMENT_PATH.test(path);
  return { kind: 'document', confidence: Math.min(0.9, document + (hinted ? 0.1 : 0)) };
}

/** `[` then what may start a JSON value: `{`, `[`, `"`, `]`, a number, true, false or null. */
const JSON_ARRAY_START = /^\[\s*(?:[{["\]\d-]|true|false|null|$)/;

/**
 * What the host's hints settle, with one cheap look at the content (no parse): search results
 * when the command or tool is a search and the lines are hits (or `rg --json` events), and a
 * document when a document tool (WebFetch, a retriever) returned HTML or text that is plainly a
 * document (structure and prose, HTML tags, several documents). Undefined when the hints do not
 * decide: `detect` judges by content then, against every other compressor.
 */
export function claimRag(input: string, context: Pick<CompressContext, 'toolName' | 'hints'> | undefined): RagDetection | undefined {
  const toolName = context?.toolName ?? '';
  const command = context?.hints?.command ?? '';
  const head = input.slice(0, SAMPLE_CHARS);
  const trimmed = head.trimStart();
  // JSON goes through detect(): only a parse tells search hits from any other JSON. A Markdown
  // badge or link (`[![…`, `[Docs](…)`) starts with a bracket too, and no JSON value starts so.
  if (JSON_ARRAY_START.test(trimmed)) return undefined;
  if (SEARCH_COMMAND.test(` ${command} `) || SEARCH_TOOLS.test(toolName)) {
    if (looksLikeRgJson(trimmed)) return { kind: 'search-rg-json', confidence: CLAIM_CONFIDENCE };
    if (!trimmed.startsWith('{') && grepShareAtLeast(input, 0.6)) return { kind: 'search-text', confidence: CLAIM_CONFIDENCE };
    return undefined;
  }
  if (trimmed.startsWith('{') || !DOCUMENT_TOOLS.test(toolName)) return undefined;
  // Grep-shaped lines are search results whatever the tool: detect() decides those. Prose alone
  // (0.6, 0.7 with the hint) could tie with the code compressor's best: detect() decides that too.
  return documentConfidence(head) >= 0.65 && !grepShareAtLeast(input, 0.6) ? { kind: 'document', confidence: CLAIM_CONFIDENCE } : undefined;
}

const HTML_START = /^\s*(?:<!doctype html|<html[\s>]|<head[\s>]|<body[\s>])/i;
const HTML_TAG = /<(?:p|div|h[1-6]|li|a|span|table|td|pre|section|article|br)[\s>/]/gi;
const MULTI_DOC = /^(?:Document \[\d+\]|<document[\s>]|\[\d+\] \S|(?:Title|Source|URL): \S)/;
const MD_HEADING = /^#{1,6} \S/;
const FENCE = /^\s{0,3}(?:```|~~~)/;
const RST_UNDERLINE = /^([=\-~^"'`#*+])\1{3,}\s*$/;
const RST_DIRECTIVE = /^\.\. [\w-]+::/;
// `[label]: https://…` at the foot of a README: neither prose nor code.
const LINK_DEFINITION = /^\s{0,3}\[[^\]]+\]: \S+$/;
const LIST_ITEM = /^\s*(?:[-*+]|\d+[.)]) \S/;
const CODE_LINE = /(?:[;{}]\s*$|^\s*(?:import |from \S+ import |def |class |function |const |let |var |#include|package |public |private |return\b|if\s*\(|for\s*\(|\}))/;
const DIFF_LINE = /^(?:diff --git |@@ -\d|\+\+\+ |--- a\/|index [0-9a-f]+\.\.)/;
const LOG_LINE = /^\S*\s?\[?\d{4}-\d\d-\d\d[T ]\d\d:\d\d|^\d\d:\d\d:\d\d|^(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) +\d{1,2} \d\d:/;

/** 0 when `head` is not a document; 0.55 to 0.85 for prose, Markdown, reST, HTML and several documents. */
function documentConfidence(head: string): number {
  if (HTML_START.test(head)) return 0.85;
  const lines = head.split('\n', SAMPLE_LINES).filter((line) => line.trim().length > 0);
  if (lines.length === 0) return 0;
  let prose = 0;
  let structure = 0;
  let code = 0;
  let diff = 0;
  let log = 0;
  let docs = 0;
  let inFence = false;
  let fenced = 0;
  let previous = '';
  for (const line of lines) {
    if (FENCE.test(line)) {
      inFence = !inFence;
      structure++;
      continue;
    }
    if (inFence) {
      fenced++;
      continue;
    }
    if (LINK_DEFINITION.test(line)) {
      fenced++;
      continue;
    }
    if (DIFF_LINE.test(line)) diff++;
    if (LOG_LINE.test(line)) log++;
    if (MULTI_DOC.test(line)) docs++;
    if (MD_HEADING.test(line) || RST_DIRECTIVE.test(line) || (RST_UNDERLINE.test(line) && previous.trim().length > 0 && !RST_UNDERLINE.test(previous))) structure++;
    else if (CODE_LINE.test(line)) code++;
    else if (isProse(line) || LIST_ITEM.test(line)) prose++;
    previous = line;
  }
  // Shares are of the lines outside code fences: a README's examples do not make it code.
  const n = Math.max(1, lines.length - fenced);
  if (diff / n >= 0.1 || log / n >= 0.3) return 0;
  const tags = (head.match(HTML_TAG) ?? []).length;
  if (tags >= 10 && tags / n >= 0.5) return 0.8;
  if (docs >= 2 && (prose + docs) / n >= 0.5) return 0.85;
  if (code / n >= 0.3) return 0;
  const share = prose / n;
  if (structure >= 2 && share >= 0.3) return 0.75;
  if (structure >= 1 && share >= 0.4) return 0.7;
  if (structure >= 4 && share >= 0.15) return 0.65;
  if (share >= 0.5) return 0.6;
  return 0;
}

/** A line of running text: several words, mostly letters. */
function isProse(line: string): boolean {
  if (!wordsAtLeast(line, 5)) return false;
  let letters = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 32 || c > 127) letters++;
  }
  return letters / line.length >= 0.75;
}

/** Whether `line.trim().split(/\s+/)` has at least `n` parts, counted without splitting. */
function wordsAtLeast(line: string, n: number): boolean {
  let words = 0;
  let inWord = false;
  for (let i = 0; i < line.length; i++) {
    const space = isSpace(line.charCodeAt(i));
    if (!space && !inWord && ++words >= n) return true;
    inWord = !space;
  }
  // An empty or all-space line still splits into one (empty) part.
  return Math.max(words, 1) >= n;
}
