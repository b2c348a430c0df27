/** Names of listing entries: what a marker says about the entries it stands for. */

const TREE_NOTE = /\s+(?:deduped|extraneous|invalid.*|UNMET.*)$/;

/** A tree entry's name: without npm's note after it (`deduped`, `invalid: …`) and without a trailing `/`. */
export function treeName(entry: string): string {
  // The note's pattern is tried only on entries holding one of its words (a substring test first).
  const noted = entry.includes('deduped') || entry.includes('extraneous') || entry.includes('invalid') || entry.includes('UNMET') ? entry.replace(TREE_NOTE, '') : entry;
  return noted.endsWith('/') ? noted.slice(0, -1) : noted;
}

/** An entry's kind for a marker: `.py`, `packages` (npm's `name@1.2.3`), or `other`. */
export function extensionOf(name: string): string {
  if (name.includes('@') && /@\d/.test(name)) return 'packages';
  // What follows the last dot, when it is letters and digits with a letter (an earlier dot would have the last one after it).
  const dot = name.lastIndexOf('.');
  if (dot < 0 || name.length - dot - 1 > 6) return 'other';
  let letter = false;
  for (let k = dot + 1; k < name.length; k++) {
    const c = name.charCodeAt(k);
    if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90)) letter = true;
    else if (c < 48 || c > 57) return 'other';
  }
  return letter ? `.${name.slice(dot + 1).toLowerCase()}` : 'other';
}

