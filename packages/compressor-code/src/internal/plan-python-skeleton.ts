import type { SyntaxNode } from './backend.js';
import { lineRange, lineSpan, type PlannedEdit, previewLine, type SkeletonSettings, worthACommentMarker } from './planned-edit.js';

const COMPOUND_TYPES = new Set(['if_statement', 'try_statement', 'with_statement', 'for_statement', 'while_statement']);
const CLAUSE_TYPES = new Set(['elif_clause', 'else_clause', 'except_clause', 'except_group_clause', 'finally_clause']);
const LITERAL_TYPES = new Set(['dictionary', 'list', 'set', 'tuple']);
const MAX_DEPTH = 8;

/**
 * Plans a Python skeleton. A body becomes `...  # <docstring line> <<marker>>` at the body's own
 * indentation: `...` is a valid statement anywhere a block is required, and a comment needs no
 * escaping, so the file still compiles.
 */
export function planPythonSkeleton(text: string, root: SyntaxNode, settings: SkeletonSettings): PlannedEdit[] {
  const edits: PlannedEdit[] = [];
  const source = (node: SyntaxNode) => text.slice(node.startIndex, node.endIndex);

  function statements(block: SyntaxNode, depth: number): void {
    let comments: SyntaxNode[] = [];
    for (let i = 0; i < block.childCount; i++) {
      const child = block.child(i);
      if (!child) continue;
      // The shebang and the coding declaration live on the first two lines; they stay as written.
      if (child.type === 'comment' && child.startPosition.row > 1) {
        const last = comments[comments.length - 1];
        if (last && child.startPosition.row > last.endPosition.row + 1) {
          commentRun(comments);
          comments = [];
        }
        comments.push(child);
        continue;
      }
      commentRun(comments);
      comments = [];
      // Broken code stays as written: edits skip anything with an error, containers are still walked.
      if (child.hasError && child.type === 'ERROR') continue;
      if (i === firstStatementIndex(block)) docstring(child);
      statement(child, depth);
    }
    commentRun(comments);
  }

  function commentRun(run: readonly SyntaxNode[]): void {
    const first = run[0];
    const last = run[run.length - 1];
    if (!first || !last || last.endPosition.row - first.startPosition.row + 1 <= settings.maxCommentLines) return;
    const raw = text.slice(first.startIndex, last.endIndex);
    const preview = previewLine(raw);
    if (!worthACommentMarker(raw, preview)) return;
    edits.push({
      start: first.startIndex,
      end: last.endIndex,
      kind: 'comment',
      summary: `comment lines ${first.startPosition.row + 1}-${last.endPosition.row + 1}`,
      render: (marker) => [`# ${preview} ${marker}`],
    });
  }

  /** A long docstring keeps its first line; backslashes and quotes leave the preview so it stays a plain literal. */
  function docstring(node: SyntaxNode): void {
    const string = docstringOf(node);
    if (!string || string.hasError || lineSpan(string) <= settings.maxCommentLines) return;
    const preview = previewLine(source(string)).replace(/[\\"]/g, '');
    if (!worthACommentMarker(source(string), preview)) return;
    edits.push({
      start: string.startIndex,
      end: string.endIndex,
      kind: 'comment',
      summary: `docstring ${lineRange(string)}`,
      render: (marker) => [`"""${preview} ${marker}"""`],
    });
  }

  function statement(node: SyntaxNode, depth: number): void {
    switch (node.type) {
      case 'function_definition':
        fn(node);
        return;
      case 'decorated_definition': {
        const definition = node.childForFieldName('definition');
        if (definition) statement(definition, depth);
        return;
      }
      case 'class_definition': {
        const body = node.childForFieldName('body');
        // Comments between `class X:` and the first member belong to the class node, not its block.
        commentRun(leadingComments(node));
        if (body && depth < MAX_DEPTH) statements(body, depth + 1);
        return;
      }
      case 'expression_statement': {
        const assignment = node.child(0);
        const right = assignment?.type === 'assignment' ? assignment.childForFieldName('right') : null;
        const name = assignment?.childForFieldName('left');
        // `__all__` is the module's export list: it stays, however long.
        if (right && !right.hasError && LITERAL_TYPES.has(right.type) && lineSpan(right) > settings.maxLiteralLines && (!name || source(name) !== '__all__')) {
          edits.push({
            start: right.startIndex,
            end: right.endIndex,
            kind: 'literal',
            summary: `${name ? source(name).slice(0, 60) : 'literal'} value ${lineRange(right)}`,
            render: (marker) => [`...  # ${marker}`],
          });
        }
        return;
      }
      default:
        // `if TYPE_CHECKING:`, `try: import x except ImportError: def ...`: definitions inside a
        // long compound statement get the same treatment as at the top level.
        if (COMPOUND_TYPES.has(node.type) && lineSpan(node) > settings.maxBodyLines && depth < MAX_DEPTH) blocksOf(node, depth + 1);
        return;
    }
  }

  function blocksOf(node: SyntaxNode, depth: number): void {
    for (let i = 0; i < node.childCount; i++) {
      const child = node.child(i);
      if (!child) continue;
      if (child.type === 'block') statements(child, depth);
      else if (CLAUSE_TYPES.has(child.type)) blocksOf(child, depth);
    }
  }

  function fn(node: SyntaxNode): void {
    const body = node.childForFieldName('body');
    if (body?.type !== 'block' || body.hasError || lineSpan(body) <= settings.maxBodyLines) return;
    const name = node.childForFieldName('name');
    const nameText = name ? source(name) : 'function';
    const query = settings.query;
    if (query && (query.matchesName(nameText) || query.matchesBody(source(body)))) return;
    const first = body.child(firstStatementIndex(body));
    const doc = first ? docstringOf(first) : undefined;
    const preview = doc ? `${previewLine(source(doc))} ` : '';
    // Comments above the first statement hang off the function node; they go with the body.
    const lead = leadingComments(node)[0] ?? body;
    edits.push({
      start: lead.startIndex,
      end: body.endIndex,
      kind: 'body',
      summary: `body lines ${lead.startPosition.row + 1}-${body.endPosition.row + 1}`,
      render: (marker) => [`...  # ${preview}${marker}`],
    });
  }

  statements(root, 0);
  return edits;
}

/** Comment children of a def/class that sit on their own lines between the header's `:` and its block. */
function leadingComments(node: SyntaxNode): SyntaxNode[] {
  const comments: SyntaxNode[] = [];
  let colonRow = -1;
  for (let i = 0; i < node.childCount; i++) {
    const child = node.child(i);
    if (!child) continue;
    if (child.type === ':') colonRow = child.endPosition.row;
    else if (child.type === 'comment' && colonRow >= 0 && child.startPosition.row > colonRow) comments.push(child);
    else if (child.type === 'block') break;
  }
  return comments;
}

function firstStatementIndex(block: SyntaxNode): number {
  for (let i = 0; i < block.childCount; i++) {
    if (block.child(i)?.type !== 'comment') return i;
  }
  return -1;
}

function docstringOf(statement: SyntaxNode): SyntaxNode | undefined {
  if (statement.type !== 'expression_statement' || statement.childCount !== 1) return undefined;
  const string = statement.child(0);
  return string?.type === 'string' ? string : undefined;
}
