import type { CodeLanguage } from '../code-language.js';
import type { Backend, SyntaxNode } from './backend.js';
import { countErrors } from './count-errors.js';

/** Above this share of ERROR text the input is not code of that language: it passes through untouched. */
export const MAX_ERROR_SHARE = 0.05;
const MAX_CLOSERS = 12;

export interface ParsedSource {
  readonly root: SyntaxNode;
  readonly errors: number;
  readonly errorChars: number;
  /**
   * The parse covered `prefix + text.slice(0, end) + suffix`: headers that open the blocks a
   * Python read starts inside, closing brackets of a TS/JS read cut short. For parsing only.
   */
  readonly prefix: string;
  readonly end: number;
  readonly suffix: string;
  dispose(): void;
}

/**
 * Parses `text`. A Python text that starts inside open blocks is parsed under headers that open
 * them (see `reopenBlocks`). A TS/JS text that stops inside open blocks — a Read cut at its line limit —
 * makes tree-sitter's error recovery flatten or swallow the open class; when `{` outnumber `}` by
 * a few, it is parsed again with that many `}` appended, and that tree is kept when it has fewer
 * errors. Undefined when a parse was abandoned at `abortAt`.
 */
export function parseSource(text: string, language: CodeLanguage, backend: Backend, abortAt: number): ParsedSource | undefined {
  const first = parseCounting('', text, text.length, '', language, backend, abortAt);
  if (!first || first.errors === 0) return first;
  if (language === 'python') return reopenBlocks(text, first, backend, abortAt);
  // Close the open blocks where the text ends, else where its last complete statement ends (a
  // read cut in the middle of an expression); lines after that point stay in the output as they are.
  let best = first;
  for (const end of [text.length, lastStatementEnd(text)]) {
    const suffix = end > 0 ? closersFor(text, end) : undefined;
    if (!suffix) continue;
    const closed = parseCounting('', text, end, suffix, language, backend, abortAt);
    if (closed && closed.errors < best.errors) {
      best.dispose();
      best = closed;
      if (closed.errors === 0) break;
    } else closed?.dispose();
  }
  return best;
}

const CLOSER: Readonly<Record<string, string>> = { '{': '}', '(': ')', '[': ']' };

/**
 * The brackets still open at `end`, closed in order (`\n}\n)\n}`), or undefined when none or
 * too many are open. A light scan: it skips strings, template literals and comments, not regex
 * literals; a wrong guess only costs a parse that is then thrown away.
 */
function closersFor(text: string, end: number): string | undefined {
  const stack: string[] = [];
  for (let i = 0; i < end; i++) {
    const c = text[i]!;
    if (c === '"' || c === "'" || c === '`') {
      for (i++; i < end && text[i] !== c && (c === '`' || text[i] !== '\n'); i++) if (text[i] === '\\') i++;
    } else if (c === '/' && text[i + 1] === '/') i = text.indexOf('\n', i) === -1 ? end : text.indexOf('\n', i);
    else if (c === '/' && text[i + 1] === '*') i = text.indexOf('*/', i + 2) === -1 ? end : text.indexOf('*/', i + 2) + 1;
    else if (c in CLOSER) stack.push(CLOSER[c]!);
    else if (c === '}' || c === ')' || c === ']') stack.pop();
  }
  if (stack.length === 0 || stack.length > MAX_CLOSERS) return undefined;
  return stack.reverse().map((closer) => `\n${closer}`).join('');
}

/** End of the last line that ends a statement or a block (`;`, `{`, `}`). */
function lastStatementEnd(text: string): number {
  for (let end = text.length; end > 0; end = text.lastIndexOf('\n', end - 1)) {
    const lineStart = text.lastIndexOf('\n', end - 1) + 1;
    if (/[;{}]\s*$/.test(text.slice(lineStart, end))) return end;
  }
  return 0;
}

/**
 * A Python read that starts inside a class or a function begins indented, which tree-sitter cannot
 * place. It is parsed again under one `if 1:` header per indentation level below the first line's,
 * so every later dedent lands on a level that exists.
 */
function reopenBlocks(text: string, first: ParsedSource, backend: Backend, abortAt: number): ParsedSource {
  const firstLine = /^[ \t]*[^ \t\n#]/m.exec(text);
  const indent = firstLine ? firstLine[0].length - 1 : 0;
  if (indent === 0 || /\t/.test(firstLine?.[0] ?? '')) return first;
  const levels = new Set([0]);
  for (const match of text.matchAll(/^( *)[^ \n#]/gm)) if (match[1]!.length < indent) levels.add(match[1]!.length);
  const prefix = [...levels]
    .sort((a, b) => a - b)
    .map((width) => `${' '.repeat(width)}if 1:\n`)
    .join('');
  const reopened = parseCounting(prefix, text, text.length, '', 'python', backend, abortAt);
  if (reopened && reopened.errors < first.errors) {
    first.dispose();
    return reopened;
  }
  reopened?.dispose();
  return first;
}

function parseCounting(prefix: string, text: string, end: number, suffix: string, language: CodeLanguage, backend: Backend, abortAt: number): ParsedSource | undefined {
  const tree = backend.parse(prefix + text.slice(0, end) + suffix, language, abortAt);
  if (!tree) return undefined;
  const { errors, errorChars } = countErrors(tree.root);
  return { root: tree.root, errors, errorChars, prefix, end, suffix, dispose: tree.dispose };
}
