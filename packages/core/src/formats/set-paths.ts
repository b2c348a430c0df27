import type { Json } from './slot.js';

/**
 * Returns a copy of `root` with each path set to its new string. Only the containers on the
 * way to a replaced string are copied; everything else is shared with the input, untouched.
 */
export function setPaths(root: Json, replacements: ReadonlyArray<{ path: readonly (string | number)[]; value: string }>): Json {
  if (replacements.length === 0) return root;
  const copies = new Map<object, Json>();
  const copyOf = (node: Json): Json => {
    if (typeof node !== 'object' || node === null) return node;
    let copy = copies.get(node);
    if (!copy) {
      copy = Array.isArray(node) ? [...node] : { ...node };
      copies.set(node, copy);
    }
    return copy;
  };
  const top = copyOf(root);
  for (const { path, value } of replacements) {
    let original: Json = root;
    let copy: Json = top;
    for (let i = 0; i < path.length - 1; i++) {
      const key = path[i]!;
      const nextOriginal = (original as Record<string | number, Json>)[key]!;
      const nextCopy = copyOf(nextOriginal);
      (copy as Record<string | number, Json>)[key] = nextCopy;
      original = nextOriginal;
      copy = nextCopy;
    }
    (copy as Record<string | number, Json>)[path.at(-1)!] = value;
  }
  return top;
}
