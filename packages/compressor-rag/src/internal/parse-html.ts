import { Parser } from 'htmlparser2';
import { collapseTrim, hasNonSpace } from './collapse-space.js';
import type { DocBlock, ParsedDocument } from './document-block.js';
import { type HtmlSink, scanHtml } from './scan-html.js';

/** Subtrees that are page furniture, not content. */
const NOISE = new Set(['script', 'style', 'noscript', 'template', 'svg', 'nav', 'footer', 'aside', 'form', 'iframe', 'button', 'select', 'head']);
/** Tags whose start or end ends a run of text. */
const BLOCK = new Set([
  'p', 'div', 'li', 'ul', 'ol', 'dl', 'dd', 'dt', 'td', 'th', 'tr', 'table', 'blockquote', 'section', 'article', 'main',
  'header', 'figure', 'figcaption', 'caption', 'br', 'hr', 'body', 'html', 'center', 'address', 'details', 'summary',
]);
/** 1–6 for `h1`–`h6`, else 0 (a test per tag: no regex). */
function headingLevel(name: string): number {
  if (name.length !== 2 || name.charCodeAt(0) !== 104) return 0;
  const level = name.charCodeAt(1) - 48;
  return level >= 1 && level <= 6 ? level : 0;
}

/**
 * An HTML page as blocks with their source offsets: headings (`h1`–`h6`, and `<title>` when the
 * page has no `h1`), `pre` as code, and runs of text between block tags with whitespace collapsed.
 * Scripts, styles, navigation, footers, asides and forms are noise: their text is dropped (their
 * source stays inside the offsets of the surrounding section, so markers still redeem it).
 * A page is read by `scanHtml` (tag to tag by `indexOf`); one it does not model (SVG, MathML,
 * CDATA, irregular end tags) by htmlparser2, a streaming tokenizer with the same events. Neither
 * builds a tree or recurses: linear in the input. `scan: false` parses with htmlparser2 only.
 */
export function parseHtml(input: string, scan = true): ParsedDocument {
  const fast = blockBuilder();
  if (scan && scanHtml(input, fast.sink)) return fast.done();
  const slow = blockBuilder();
  const parser: Parser = new Parser(
    {
      onopentag: (name) => slow.sink.onopentag(name, parser.startIndex),
      ontext: (chunk) => slow.sink.ontext(chunk, parser.startIndex, parser.endIndex + 1),
      onclosetag: (name) => slow.sink.onclosetag(name, parser.endIndex + 1),
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.end(input);
  return slow.done();
}

/** Blocks from a page's events. */
function blockBuilder(): { sink: HtmlSink; done(): ParsedDocument } {
  const blocks: DocBlock[] = [];
  let noiseDepth = 0;
  let title = '';
  let inTitle = false;
  let heading: { level: number; start: number; text: string } | undefined;
  let pre: { start: number; text: string; depth: number } | undefined;
  let text = '';
  let textStart = -1;
  let textEnd = -1;
  let hasH1 = false;
  const sink: HtmlSink = {
    onopentag(name, start) {
      if (NOISE.has(name) && name !== 'head') {
        flush();
        noiseDepth++;
        return;
      }
      if (name === 'title') inTitle = true;
      if (noiseDepth > 0) return;
      const level = headingLevel(name);
      if (level > 0) {
        flush();
        if (level === 1) hasH1 = true;
        heading = { level, start, text: '' };
      } else if (name === 'pre') {
        flush();
        if (pre) pre.depth++;
        else pre = { start, text: '', depth: 1 };
      } else if (BLOCK.has(name)) flush();
    },
    ontext(chunk, start, end) {
      if (inTitle) {
        title += chunk;
        return;
      }
      if (noiseDepth > 0) return;
      if (heading) heading.text += chunk;
      else if (pre) pre.text += chunk;
      else {
        const visible = hasNonSpace(chunk);
        if (textStart < 0 && visible) textStart = start;
        text += chunk;
        if (visible) textEnd = end;
      }
    },
    onclosetag(name, end) {
      if (name === 'title') inTitle = false;
      if (NOISE.has(name) && name !== 'head') {
        noiseDepth = Math.max(0, noiseDepth - 1);
        return;
      }
      if (noiseDepth > 0) return;
      if (headingLevel(name) > 0 && heading) {
        const clean = collapse(heading.text);
        if (clean) blocks.push({ kind: 'heading', start: heading.start, end, text: `${'#'.repeat(heading.level)} ${clean}`, level: heading.level });
        heading = undefined;
      } else if (name === 'pre' && pre) {
        pre.depth--;
        if (pre.depth === 0) {
          const code = pre.text.replace(/^\n/, '').replace(/\s+$/, '');
          if (code) blocks.push({ kind: 'code', start: pre.start, end, text: `\`\`\`\n${code}\n\`\`\``, level: 0 });
          pre = undefined;
        }
      } else if (BLOCK.has(name)) flush();
    },
  };
  function flush() {
    const clean = collapse(text);
    if (clean && textStart >= 0) blocks.push({ kind: 'text', start: textStart, end: Math.max(textEnd, textStart), text: clean, level: 0 });
    text = '';
    textStart = -1;
    textEnd = -1;
  }
  return {
    sink,
    done() {
      flush();
      const cleanTitle = collapse(title);
      if (!hasH1 && cleanTitle) blocks.unshift({ kind: 'heading', start: 0, end: 0, text: `# ${cleanTitle}`, level: 1 });
      return { format: 'html', blocks };
    },
  };
}

function collapse(text: string): string {
  return collapseTrim(text);
}
