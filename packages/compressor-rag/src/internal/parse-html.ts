import { Parser } from 'htmlparser2';
import type { DocBlock, ParsedDocument } from './document-block.js';

/** Subtrees that are page furniture, not content. */
const NOISE = new Set(['script', 'style', 'noscript', 'template', 'svg', 'nav', 'footer', 'aside', 'form', 'iframe', 'button', 'select', 'head']);
/** Tags whose start or end ends a run of text. */
const BLOCK = new Set([
  'p', 'div', 'li', 'ul', 'ol', 'dl', 'dd', 'dt', 'td', 'th', 'tr', 'table', 'blockquote', 'section', 'article', 'main',
  'header', 'figure', 'figcaption', 'caption', 'br', 'hr', 'body', 'html', 'center', 'address', 'details', 'summary',
]);
const HEADING = /^h([1-6])$/;

/**
 * An HTML page as blocks with their source offsets: headings (`h1`–`h6`, and `<title>` when the
 * page has no `h1`), `pre` as code, and runs of text between block tags with whitespace collapsed.
 * Scripts, styles, navigation, footers, asides and forms are noise: their text is dropped (their
 * source stays inside the offsets of the surrounding section, so markers still redeem it).
 * htmlparser2 is a streaming tokenizer: no tree, no recursion, linear in the input.
 */
export function parseHtml(input: string): ParsedDocument {
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
  const parser = new Parser(
    {
      onopentag(name) {
        const start = parser.startIndex;
        if (NOISE.has(name) && name !== 'head') {
          flush();
          noiseDepth++;
          return;
        }
        if (name === 'title') inTitle = true;
        if (noiseDepth > 0) return;
        const h = HEADING.exec(name);
        if (h) {
          flush();
          if (h[1] === '1') hasH1 = true;
          heading = { level: Number(h[1]), start, text: '' };
        } else if (name === 'pre') {
          flush();
          if (pre) pre.depth++;
          else pre = { start, text: '', depth: 1 };
        } else if (BLOCK.has(name)) flush();
      },
      ontext(chunk) {
        if (inTitle) {
          title += chunk;
          return;
        }
        if (noiseDepth > 0) return;
        if (heading) heading.text += chunk;
        else if (pre) pre.text += chunk;
        else {
          if (textStart < 0 && chunk.trim().length > 0) textStart = parser.startIndex;
          text += chunk;
          if (chunk.trim().length > 0) textEnd = parser.endIndex + 1;
        }
      },
      onclosetag(name) {
        const end = parser.endIndex + 1;
        if (name === 'title') inTitle = false;
        if (NOISE.has(name) && name !== 'head') {
          noiseDepth = Math.max(0, noiseDepth - 1);
          return;
        }
        if (noiseDepth > 0) return;
        const h = HEADING.exec(name);
        if (h && heading) {
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
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  function flush() {
    const clean = collapse(text);
    if (clean && textStart >= 0) blocks.push({ kind: 'text', start: textStart, end: Math.max(textEnd, textStart), text: clean, level: 0 });
    text = '';
    textStart = -1;
    textEnd = -1;
  }
  parser.end(input);
  flush();
  const cleanTitle = collapse(title);
  if (!hasH1 && cleanTitle) blocks.unshift({ kind: 'heading', start: 0, end: 0, text: `# ${cleanTitle}`, level: 1 });
  return { format: 'html', blocks };
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
