import type { SyntaxNode } from './backend.js';
import { lineRange, lineSpan, type Piece, type PlannedEdit, previewLine, type SkeletonSettings, worthACommentMarker } from './planned-edit.js';

const FUNCTION_TYPES = new Set(['function_declaration', 'generator_function_declaration', 'function_expression', 'function', 'generator_function', 'arrow_function', 'method_definition']);
const CLASS_TYPES = new Set(['class_declaration', 'abstract_class_declaration', 'class']);
// Wrappers whose inner expression is what matters (`(fn)`, `x as T`, `await f()`).
const WRAPPER_TYPES = new Set(['parenthesized_expression', 'as_expression', 'satisfies_expression', 'await_expression', 'non_null_expression', 'unary_expression', 'ternary_expression', 'binary_expression']);
// Declarations that own at most one body: their doc comment can share the body's marker.
const MERGEABLE_TYPES = new Set(['function_declaration', 'generator_function_declaration', 'method_definition', 'export_statement', 'lexical_declaration', 'variable_declaration', 'expression_statement', 'public_field_definition', 'field_definition']);
/** Past this nesting of containers (namespaces, IIFEs, callbacks, object literals) everything is kept as is. */
const MAX_DEPTH = 8;

/**
 * Plans a TypeScript/JavaScript skeleton: walks only statement lists (the program, namespaces,
 * class bodies, IIFE and callback containers) and the values of declarations, never inside a body
 * it elides, so the walk is proportional to the skeleton, not to the file.
 */
export function planTsSkeleton(text: string, root: SyntaxNode, settings: SkeletonSettings): PlannedEdit[] {
  const edits: PlannedEdit[] = [];
  const source = (node: SyntaxNode) => text.slice(node.startIndex, node.endIndex);
  const nameOf = (node: SyntaxNode | null, fallback: string) => (node ? source(node).slice(0, 80) : fallback);

  function statements(list: SyntaxNode, depth: number, inClass: boolean): void {
    let comments: SyntaxNode[] = [];
    for (let i = 0; i < list.childCount; i++) {
      const child = list.child(i);
      if (!child) continue;
      if (child.type === 'comment') {
        const last = comments[comments.length - 1];
        if (last && child.startPosition.row > last.endPosition.row + 1) {
          commentRun(comments);
          comments = [];
        }
        comments.push(child);
        continue;
      }
      const before = edits.length;
      if (inClass) member(child, depth);
      else statement(child, depth);
      if (!mergeDocIntoBody(comments, child, before)) commentRun(comments);
      comments = [];
    }
    commentRun(comments);
  }

  /**
   * A doc comment right above a declaration whose body is elided joins that body's marker: the
   * marker's original then runs from the comment to the closing brace, and the visible text keeps
   * the comment's first line and the whole signature. One marker instead of two: each costs ~30 tokens.
   */
  function mergeDocIntoBody(run: readonly SyntaxNode[], declaration: SyntaxNode, before: number): boolean {
    const first = run[0];
    const last = run[run.length - 1];
    const body = edits[before];
    if (!first || !last || edits.length !== before + 1 || (body?.kind !== 'body' && body?.kind !== 'docs')) return false;
    if (declaration.startPosition.row > last.endPosition.row + 2 || !(body.kind === 'docs' || MERGEABLE_TYPES.has(declaration.type))) return false;
    if (last.endPosition.row - first.startPosition.row + 1 <= settings.maxCommentLines) return false; // short enough to stay whole
    const preview = previewLine(text.slice(first.startIndex, last.endIndex)).replace(/\*\//g, '* /');
    const doc = text.startsWith('//', first.startIndex) ? `// ${preview}` : `${text.startsWith('/**', first.startIndex) ? '/**' : '/*'} ${preview} */`;
    const signature = { from: last.endIndex, to: body.start };
    edits[before] = {
      start: first.startIndex,
      end: body.end,
      kind: 'body',
      summary: `doc lines ${first.startPosition.row + 1}-${last.endPosition.row + 1}, ${body.summary}`,
      render: (marker) => [doc, signature, ...body.render(marker)],
    };
    return true;
  }

  function commentRun(run: readonly SyntaxNode[]): void {
    const first = run[0];
    const last = run[run.length - 1];
    if (!first || !last || last.endPosition.row - first.startPosition.row + 1 <= settings.maxCommentLines) return;
    const raw = text.slice(first.startIndex, last.endIndex);
    const preview = previewLine(raw).replace(/\*\//g, '* /');
    if (!worthACommentMarker(raw, preview)) return;
    const lineComments = run.every((c) => text.startsWith('//', c.startIndex));
    const opener = text.startsWith('/**', first.startIndex) ? '/**' : '/*';
    edits.push({
      start: first.startIndex,
      end: last.endIndex,
      kind: 'comment',
      summary: `comment lines ${first.startPosition.row + 1}-${last.endPosition.row + 1}`,
      render: (marker) => [lineComments ? `// ${preview} ${marker}` : `${opener} ${preview} ${marker} */`],
    });
  }

  function statement(node: SyntaxNode, depth: number): void {
    switch (node.type) {
      case 'export_statement': {
        const declaration = node.childForFieldName('declaration');
        if (declaration) {
          statement(declaration, depth);
          return;
        }
        const value = node.childForFieldName('value');
        if (value) value_(value, 'default export', depth);
        return;
      }
      case 'function_declaration':
      case 'generator_function_declaration':
        fn(node, nameOf(node.childForFieldName('name'), 'function'), depth, false);
        return;
      case 'class_declaration':
      case 'abstract_class_declaration':
        klass(node, depth);
        return;
      case 'lexical_declaration':
      case 'variable_declaration':
        for (let i = 0; i < node.childCount; i++) {
          const declarator = node.child(i);
          if (declarator?.type !== 'variable_declarator') continue;
          const value = declarator.childForFieldName('value');
          if (value) value_(value, nameOf(declarator.childForFieldName('name'), 'value'), depth);
          // `declare var X: { ... }`: the type literal is the API; its comments can go.
          const type = declarator.childForFieldName('type')?.child(1);
          if (type?.type === 'object_type') typeBody(type);
        }
        return;
      case 'interface_declaration':
      case 'enum_declaration': {
        const body = node.childForFieldName('body');
        if (body) typeBody(body);
        return;
      }
      case 'type_alias_declaration': {
        const value = node.childForFieldName('value');
        if (value?.type === 'object_type') typeBody(value);
        return;
      }
      case 'expression_statement': {
        const expression = node.child(0);
        if (expression) value_(expression, '', depth, true);
        return;
      }
      case 'internal_module':
      case 'module': {
        const body = node.childForFieldName('body');
        if (body && depth < MAX_DEPTH) statements(body, depth + 1, false);
        return;
      }
      case 'ambient_declaration':
        for (let i = 0; i < node.childCount; i++) {
          const child = node.child(i);
          if (!child) continue;
          if (child.type === 'statement_block') statements(child, depth + 1, false);
          else statement(child, depth);
        }
        return;
      default:
        return;
    }
  }

  function member(node: SyntaxNode, depth: number): void {
    switch (node.type) {
      case 'method_definition':
        fn(node, nameOf(node.childForFieldName('name'), 'method'), depth, false);
        return;
      case 'public_field_definition':
      case 'field_definition': {
        const value = node.childForFieldName('value');
        const name = node.childForFieldName('name') ?? node.childForFieldName('property');
        if (value) value_(value, nameOf(name, 'field'), depth + 1);
        return;
      }
      case 'class_static_block': {
        const body = node.childForFieldName('body');
        if (body && !body.hasError) elideBlock(body, 'static block');
        return;
      }
      default:
        return;
    }
  }

  /** A value bound to a name: functions lose their bodies, long data literals are elided whole. */
  function value_(node: SyntaxNode, name: string, depth: number, statementLevel = false): void {
    if (depth > MAX_DEPTH) return;
    if (FUNCTION_TYPES.has(node.type)) {
      fn(node, name, depth, false);
      return;
    }
    if (CLASS_TYPES.has(node.type)) {
      klass(node, depth);
      return;
    }
    if (WRAPPER_TYPES.has(node.type)) {
      for (let i = 0; i < node.childCount; i++) {
        const child = node.child(i);
        if (child) value_(child, name, depth + 1, statementLevel);
      }
      return;
    }
    switch (node.type) {
      case 'assignment_expression': {
        const left = node.childForFieldName('left');
        const right = node.childForFieldName('right');
        if (right) value_(right, nameOf(left, 'value'), depth, statementLevel);
        return;
      }
      case 'call_expression':
      case 'new_expression':
        call(node, name, depth, statementLevel);
        return;
      case 'internal_module':
      case 'module':
        statement(node, depth);
        return;
      case 'object':
        object(node, name, depth);
        return;
      case 'array':
        if (lineSpan(node) > settings.maxLiteralLines) literal(node, name, '[', ']');
        return;
      default:
        return;
    }
  }

  /** `describe('x', () => {...})`, `(function () {...})()`, `app.get('/', handler)`. */
  function call(node: SyntaxNode, name: string, depth: number, statementLevel: boolean): void {
    if (depth > MAX_DEPTH) return;
    const callee = node.childForFieldName('function') ?? node.childForFieldName('constructor');
    const calleeName = callee ? source(callee).slice(0, 60) : name;
    if (callee) {
      let inner: SyntaxNode | null = callee;
      while (inner?.type === 'parenthesized_expression') inner = inner.child(1);
      if (inner && FUNCTION_TYPES.has(inner.type)) fn(inner, name || 'IIFE', depth, true);
      else if (inner?.type === 'call_expression') call(inner, name, depth + 1, statementLevel);
      else if (inner?.type === 'member_expression') {
        const object_ = inner.childForFieldName('object');
        if (object_?.type === 'call_expression') call(object_, name, depth + 1, statementLevel);
      }
    }
    const args = node.childForFieldName('arguments');
    if (!args) return;
    for (let i = 0; i < args.childCount; i++) {
      const arg = args.child(i);
      if (!arg) continue;
      if (FUNCTION_TYPES.has(arg.type)) fn(arg, calleeName, depth + 1, statementLevel);
      else value_(arg, calleeName, depth + 1);
    }
  }

  function object(node: SyntaxNode, name: string, depth: number): void {
    let functions = 0;
    const before = edits.length;
    for (let i = 0; i < node.childCount; i++) {
      const child = node.child(i);
      if (!child) continue;
      if (child.type === 'method_definition') {
        functions++;
        fn(child, nameOf(child.childForFieldName('name'), 'method'), depth + 1, false);
      } else if (child.type === 'pair') {
        const value = child.childForFieldName('value');
        if (value && (FUNCTION_TYPES.has(value.type) || CLASS_TYPES.has(value.type))) functions++;
        if (value) value_(value, nameOf(child.childForFieldName('key'), 'property'), depth + 1);
      }
    }
    // A long object of plain data is one omission; one that holds functions keeps its keys visible,
    // and so does an export list (`module.exports = { a, b }`).
    if (functions === 0 && !/^(module\.)?exports\b/.test(name) && edits.length === before && lineSpan(node) > settings.maxLiteralLines) literal(node, name, '{', '}');
  }

  function literal(node: SyntaxNode, name: string, open: string, close: string): void {
    if (node.hasError) return;
    edits.push({
      start: node.startIndex,
      end: node.endIndex,
      kind: 'literal',
      summary: `${name || 'literal'} value ${lineRange(node)}`,
      render: (marker) => [`${open} /* ${marker} */ ${close}`],
    });
  }

  function klass(node: SyntaxNode, depth: number): void {
    const body = node.childForFieldName('body');
    if (!body || depth >= MAX_DEPTH) return;
    // A class with no bodies (`declare class` in a .d.ts) is a type: its doc comments go as one.
    if (hasBodies(body)) statements(body, depth + 1, true);
    else typeBody(body);
  }

  /**
   * The members of an interface, type literal, enum or body-less class are its API and all stay;
   * their doc comments, most of a .d.ts, leave as one marker whose original is the whole `{...}`.
   */
  function typeBody(body: SyntaxNode): void {
    const comments: SyntaxNode[] = [];
    let commentChars = 0;
    for (let i = 0; i < body.childCount; i++) {
      const child = body.child(i);
      if (child?.type === 'comment') {
        comments.push(child);
        commentChars += child.endIndex - child.startIndex;
      }
    }
    if (commentChars < 200 || text[body.startIndex] !== '{' || body.hasError) return;
    const parts: Piece[] = [];
    let position = body.startIndex + 1;
    for (const comment of comments) {
      const lineStart = text.lastIndexOf('\n', comment.startIndex - 1) + 1;
      const ownLine = text.slice(lineStart, comment.startIndex).trim() === '';
      // A comment on its own line leaves with its line; a trailing one leaves with its spaces.
      let from = ownLine ? lineStart : comment.startIndex;
      while (!ownLine && from > position && (text[from - 1] === ' ' || text[from - 1] === '\t')) from--;
      const to = ownLine && text[comment.endIndex] === '\n' ? comment.endIndex + 1 : comment.endIndex;
      parts.push({ from: position, to: Math.max(position, from) });
      position = Math.max(position, to);
    }
    parts.push({ from: position, to: body.endIndex });
    edits.push({
      start: body.startIndex,
      end: body.endIndex,
      kind: 'docs',
      summary: `${comments.length} doc comments, ${lineRange(body)}`,
      render: (marker) => [`{ /* ${marker} */`, ...parts],
    });
  }

  function hasBodies(body: SyntaxNode): boolean {
    for (let i = 0; i < body.childCount; i++) {
      const member = body.child(i);
      if (member?.childForFieldName('body') || member?.childForFieldName('value')) return true;
    }
    return false;
  }

  function fn(node: SyntaxNode, name: string, depth: number, container: boolean): void {
    const body = node.childForFieldName('body');
    // Brace-only lines do not count: `{` ends the signature line and `}` stands alone.
    if (body?.type !== 'statement_block' || lineSpan(body) - 2 <= settings.maxBodyLines) return;
    const query = settings.query;
    if (query && (query.matchesName(name) || query.matchesBody(source(body)))) return;
    // An IIFE or a top-level callback that holds declarations is a module in disguise (UMD
    // wrappers, test suites): its statements get the top-level treatment instead of vanishing.
    if (container && depth < MAX_DEPTH && declarationCount(body) >= 2) {
      statements(body, depth + 1, false);
      return;
    }
    if (body.hasError) return; // broken code stays exactly as written
    elideBlock(body, 'body');
  }

  function elideBlock(body: SyntaxNode, what: string): void {
    edits.push({
      start: body.startIndex,
      end: body.endIndex,
      kind: 'body',
      summary: `${what} ${lineRange(body)}`,
      render: (marker) => [`{ /* ${marker} */ }`],
    });
  }

  function declarationCount(block: SyntaxNode): number {
    let count = 0;
    for (let i = 0; i < block.childCount && count < 2; i++) {
      const child = block.child(i);
      if (child && isDeclaration(child)) count++;
    }
    return count;
  }

  statements(root, 0, false);
  return edits;
}

function isDeclaration(node: SyntaxNode): boolean {
  switch (node.type) {
    case 'function_declaration':
    case 'generator_function_declaration':
    case 'class_declaration':
    case 'abstract_class_declaration':
    case 'export_statement':
      return true;
    case 'lexical_declaration':
    case 'variable_declaration': {
      const value = node.child(1)?.childForFieldName('value');
      return value !== null && value !== undefined && (FUNCTION_TYPES.has(value.type) || CLASS_TYPES.has(value.type));
    }
    case 'expression_statement': {
      const expression = node.child(0);
      if (expression?.type === 'assignment_expression') {
        const right = expression.childForFieldName('right');
        return right !== null && (FUNCTION_TYPES.has(right.type) || CLASS_TYPES.has(right.type));
      }
      if (expression?.type === 'call_expression') {
        const args = expression.childForFieldName('arguments');
        for (let i = 0; args && i < args.childCount; i++) {
          const arg = args.child(i);
          if (arg && FUNCTION_TYPES.has(arg.type)) return true;
        }
      }
      return false;
    }
    default:
      return false;
  }
}
