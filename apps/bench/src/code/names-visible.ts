const IDENTIFIER_CHAR = /[A-Za-z0-9_$]/;

/** True when `name` occurs in `text` as a whole identifier (not as part of a longer one). */
export function containsName(text: string, name: string): boolean {
  for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1)) {
    const before = text[at - 1];
    const after = text[at + name.length];
    if ((before === undefined || !IDENTIFIER_CHAR.test(before)) && (after === undefined || !IDENTIFIER_CHAR.test(after))) return true;
  }
  return false;
}

/** The names that do not occur in `text`. */
export function missingNames(text: string, names: readonly string[]): string[] {
  return names.filter((name) => !containsName(text, name));
}
