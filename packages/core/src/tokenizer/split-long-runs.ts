/**
 * Cuts `text` into consecutive pieces (which join back to `text`) so that no run of whitespace or
 * of non-whitespace inside one piece weighs more than `maxWeight`. Weight approximates UTF-8
 * bytes (ASCII 1, other characters 3), because BPE cost is quadratic in the bytes of one
 * pre-token and tiktoken's pre-tokenizer never joins whitespace with what follows it except for one
 * leading space. Short runs are left in the surrounding text, so ordinary text stays one piece and
 * is counted exactly. A surrogate pair is never split. One pass, no regex, no recursion.
 *
 * `visit(piece, repeatable)`: `repeatable` is true for the cut pieces of a long run, which often
 * repeat (`=====…`, `xxxx…`, NUL padding) and are worth remembering.
 */
export function splitLongRuns(text: string, maxWeight: number, visit: (piece: string, repeatable: boolean) => void): void {
  const n = text.length;
  let pending = 0;
  let i = 0;
  while (i < n) {
    const space = isWhitespace(text.charCodeAt(i));
    let j = i;
    let weight = 0;
    while (j < n) {
      const c = text.charCodeAt(j);
      if (isWhitespace(c) !== space) break;
      weight += weightOf(c);
      j++;
    }
    if (weight > maxWeight) {
      if (pending < i) visit(text.slice(pending, i), false);
      let start = i;
      while (start < j) {
        let end = start;
        let pieceWeight = 0;
        while (end < j && pieceWeight < maxWeight) pieceWeight += weightOf(text.charCodeAt(end++));
        // Keep a surrogate pair together: move the cut back before a high surrogate left dangling.
        if (end < j && end - start > 1 && isHighSurrogate(text.charCodeAt(end - 1))) end--;
        visit(text.slice(start, end), true);
        start = end;
      }
      pending = j;
    }
    i = j;
  }
  if (pending < n) visit(pending === 0 ? text : text.slice(pending), false);
}

/** Unicode White_Space, the `\s` of tiktoken's (Rust) pre-tokenizer. */
function isWhitespace(c: number): boolean {
  if (c < 128) return c === 32 || (c >= 9 && c <= 13);
  return c === 0x85 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000;
}

function weightOf(c: number): number {
  if (c < 0x80) return 1;
  // A surrogate pair is 4 UTF-8 bytes, 2 per half.
  return c >= 0xd800 && c <= 0xdfff ? 2 : 3;
}

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}
