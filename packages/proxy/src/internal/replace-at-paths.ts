/**
 * A copy of `root` with each path set to its new string. Only the containers on the way to a
 * replaced value are copied; everything else is shared with the input, untouched.
 */
export function replaceAtPaths(root: unknown, replacements: readonly { readonly path: readonly (string | number)[]; readonly value: string }[]): unknown {
  const copies = new Map<object, Record<string | number, unknown>>();
  const copyOf = (node: object): Record<string | number, unknown> => {
    let copy = copies.get(node);
    if (!copy) {
      copy = (Array.isArray(node) ? [...node] : { ...node }) as Record<string | number, unknown>;
      copies.set(node, copy);
    }
    return copy;
  };
  const top = copyOf(root as object);
  for (const { path, value } of replacements) {
    let original = root as Record<string | number, unknown>;
    let copy = top;
    for (const key of path.slice(0, -1)) {
      const next = original[key] as object;
      const nextCopy = copyOf(next);
      copy[key] = nextCopy;
      original = next as Record<string | number, unknown>;
      copy = nextCopy;
    }
    copy[path.at(-1)!] = value;
  }
  return top;
}
