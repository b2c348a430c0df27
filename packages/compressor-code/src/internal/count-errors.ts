import type { SyntaxNode } from './backend.js';

export interface ErrorCount {
  /** ERROR nodes plus MISSING nodes. */
  readonly errors: number;
  /** UTF-16 code units covered by ERROR nodes. */
  readonly errorChars: number;
}

/**
 * Counts ERROR and MISSING nodes. Descends only into subtrees that report `hasError`, so a clean
 * tree costs one property read, and an explicit stack keeps deeply nested input off the call stack.
 */
export function countErrors(root: SyntaxNode): ErrorCount {
  if (!root.hasError) return { errors: 0, errorChars: 0 };
  let errors = 0;
  let errorChars = 0;
  const stack: SyntaxNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'ERROR') {
      errors++;
      errorChars += node.endIndex - node.startIndex;
      continue;
    }
    if (node.isMissing) {
      errors++;
      continue;
    }
    for (let i = 0; i < node.childCount; i++) {
      const child = node.child(i);
      if (child && (child.hasError || child.isMissing)) stack.push(child);
    }
  }
  return { errors, errorChars };
}
