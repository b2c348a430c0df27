/**
 * `text.replace(/\s+/g, ' ')`, without the regex when it would change nothing (no whitespace but
 * single spaces): most lines and sentences are like that, and this runs once per hit or passage.
 */
export function collapseSpace(text: string): string {
  return needsCollapse(text) ? text.replace(/\s+/g, ' ') : text;
}

/**
 * `text.replace(/\s+/g, ' ').trim()` in one pass, without a regex: an HTML page's text runs are
 * full of newlines and indentation, and this runs once per block.
 */
export function collapseTrim(text: string): string {
  const n = text.length;
  let i = 0;
  while (i < n && isSpace(text.charCodeAt(i))) i++;
  let out = '';
  let from = i;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (!isSpace(c)) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < n && isSpace(text.charCodeAt(j))) j++;
    if (j === n) return out + text.slice(from, i);
    if (j > i + 1 || c !== 32) {
      out += `${text.slice(from, i)} `;
      from = j;
    }
    i = j;
  }
  return out + text.slice(from);
}

/** `text.trim().length > 0` without the trimmed copy: whether `text` holds anything but `\s`. */
export function hasNonSpace(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (!isSpace(text.charCodeAt(i))) return true;
  return false;
}

/** True when `text` holds whitespace other than single ASCII spaces (what `\s` matches, Unicode included). */
function needsCollapse(text: string): boolean {
  let previousSpace = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 32) {
      if (previousSpace) return true;
      previousSpace = true;
      continue;
    }
    previousSpace = false;
    if (c !== 32 && isSpace(c)) return true;
  }
  return false;
}

/** The code units `\s` matches. */
export function isSpace(c: number): boolean {
  if (c < 128) return c === 32 || (c >= 9 && c <= 13);
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}
