import type { DocBlock, ParsedDocument } from './document-block.js';

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const ATX = /^ {0,3}(#{1,6})(?:[ \t]|$)/;
const UNDERLINE = /^([=\-~^"'`#*+:.])\1{2,}[ \t]*$/;
const TABLE = /^\s*\|/;
const LIST_START = /^\s*(?:[-*+•]|\d+[.)]) /;
const INDENTED = /^(?: {4}|\t)/;
const DOCTEST = /^\s*>>> /;
const RST_DIRECTIVE = /^\.\. [\w:-]+::/;
// A retriever's top-k, as the lost-in-the-middle prompts and many RAG apps print it.
const DOC_HEADER = /^Document \[\d+\](?:\(Title: (?:[^()\n]|\([^()\n]*\))*\))?[ \t]*/;
const DOC_TAG = /^\s*<\/?(?:document|documents|document_content|search_results?)(?:\s[^>]*)?>\s*$/;
const DOC_TITLE = /^\s*(?:<source>.*<\/source>|<title>.*<\/title>|(?:Title|Source): \S.*)$/;

interface Line {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

function splitLines(input: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  while (start <= input.length) {
    let end = input.indexOf('\n', start);
    if (end < 0) end = input.length;
    lines.push({ start, end, text: input.slice(start, end) });
    if (end === input.length) break;
    start = end + 1;
  }
  return lines;
}

/**
 * Markdown, reStructuredText, plain prose and several documents in one text, as blocks with
 * their offsets: headings (ATX, setext, reST over/underlines, `Document [n](Title: …)`, `Title:`
 * lines), fenced/indented/literal code, tables, and paragraphs. One pass over the lines.
 */
export function parseTextDocument(input: string): ParsedDocument {
  const lines = splitLines(input);
  const blocks: DocBlock[] = [];
  const rstLevels: string[] = [];
  let markdown = 0;
  let rst = 0;
  let docs = 0;
  let para: { start: number; end: number } | undefined;
  let literalNext = false;
  const flush = () => {
    if (para) blocks.push({ kind: 'text', start: para.start, end: para.end, text: input.slice(para.start, para.end), level: 0 });
    para = undefined;
  };
  const push = (kind: DocBlock['kind'], start: number, end: number, level = 0) => {
    flush();
    blocks.push({ kind, start, end, text: input.slice(start, end), level });
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const text = line.text;
    if (text.trim().length === 0) {
      flush();
      continue;
    }
    const fence = FENCE.exec(text);
    if (fence) {
      markdown++;
      let j = i + 1;
      while (j < lines.length && !lines[j]!.text.trimStart().startsWith(fence[1]!)) j++;
      const last = lines[Math.min(j, lines.length - 1)]!;
      push('code', line.start, last.end);
      i = j;
      continue;
    }
    // An indented block after a blank line (or after a reST `::`) is code, unless it continues a list.
    if ((INDENTED.test(text) && !para && (literalNext || !LIST_START.test(lines[i - 1]?.text ?? ''))) || (DOCTEST.test(text) && !para)) {
      let j = i;
      while (j + 1 < lines.length && (INDENTED.test(lines[j + 1]!.text) || DOCTEST.test(lines[j + 1]!.text) || (lines[j + 1]!.text.trim() === '' && INDENTED.test(lines[j + 2]?.text ?? '')))) j++;
      push('code', line.start, lines[j]!.end);
      literalNext = false;
      i = j;
      continue;
    }
    literalNext = false;
    const atx = ATX.exec(text);
    if (atx) {
      markdown++;
      push('heading', line.start, line.end, atx[1]!.length);
      continue;
    }
    const header = DOC_HEADER.exec(text);
    if (header) {
      docs++;
      push('heading', line.start, line.start + header[0].trimEnd().length, 1);
      const rest = line.start + header[0].length;
      if (rest < line.end) para = { start: rest, end: line.end };
      continue;
    }
    if (DOC_TAG.test(text)) {
      docs++;
      push('meta', line.start, line.end);
      continue;
    }
    if (DOC_TITLE.test(text) && (i === 0 || lines[i - 1]!.text.trim() === '' || DOC_TAG.test(lines[i - 1]!.text))) {
      docs++;
      push('heading', line.start, line.end, 1);
      continue;
    }
    const next = lines[i + 1]?.text ?? '';
    // reST overline + title + underline.
    if (UNDERLINE.test(text) && !para && i + 2 < lines.length && UNDERLINE.test(lines[i + 2]!.text) && lines[i + 1]!.text.trim().length > 0) {
      rst++;
      push('heading', line.start, lines[i + 2]!.end, levelOf(rstLevels, `o${text.trim()[0]}`));
      i += 2;
      continue;
    }
    // Setext (Markdown) or reST underline: a one-line paragraph followed by a rule.
    if (!para && UNDERLINE.test(next) && next.trim().length >= Math.min(3, text.trim().length) && !LIST_START.test(text)) {
      const ch = next.trim()[0]!;
      if (ch === '=' || ch === '-') markdown++;
      else rst++;
      push('heading', line.start, lines[i + 1]!.end, levelOf(rstLevels, `u${ch}`));
      i += 1;
      continue;
    }
    if (TABLE.test(text)) {
      let j = i;
      while (j + 1 < lines.length && TABLE.test(lines[j + 1]!.text)) j++;
      push('table', line.start, lines[j]!.end);
      i = j;
      continue;
    }
    if (RST_DIRECTIVE.test(text)) {
      rst++;
      push('meta', line.start, line.end);
      literalNext = /code|sourcecode|literal/.test(text);
      continue;
    }
    if (LIST_START.test(text) && para) flush();
    if (para) para.end = line.end;
    else para = { start: line.start, end: line.end };
    if (text.trimEnd().endsWith('::')) {
      flush();
      literalNext = true;
    }
  }
  flush();
  const format = docs >= 2 ? 'documents' : rst > markdown ? 'rst' : markdown > 0 ? 'markdown' : 'text';
  return { format, blocks };
}

/** reST levels are set by the order in which adornment styles first appear; `=` then `-` for Markdown. */
function levelOf(levels: string[], style: string): number {
  let index = levels.indexOf(style);
  if (index < 0) {
    levels.push(style);
    index = levels.length - 1;
  }
  return Math.min(6, index + 1);
}
