/**
 * A one-pass token estimate, about 20x faster than BPE, for decisions on the request path
 * (is this slot worth compressing? did it get smaller?). Calibrated against o200k_base on
 * JSON, logs, code and prose (see estimate-tokens.test.ts): within about 20% per text.
 */
export function estimateTokens(text: string): number {
  let tokens = 0;
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (isWordChar(c)) {
      let j = i + 1;
      while (j < n && isWordChar(text.charCodeAt(j))) j++;
      tokens += Math.ceil((j - i) / 6);
      i = j;
    } else if (c >= 48 && c <= 57) {
      let j = i + 1;
      while (j < n && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57) j++;
      tokens += Math.ceil((j - i) / 3);
      i = j;
    } else if (c === 32 || c === 9 || c === 10 || c === 13) {
      // A space usually merges into the next word; a newline plus indentation is about one token.
      let j = i + 1;
      let newlines = c === 10 ? 1 : 0;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (d === 10) newlines++;
        else if (d !== 32 && d !== 9 && d !== 13) break;
        j++;
      }
      if (newlines > 0) tokens += newlines;
      else if (j - i > 1) tokens += Math.ceil((j - i) / 8);
      i = j;
    } else if (c < 128) {
      // Punctuation: pairs like `":` or `},` are often one token.
      let j = i + 1;
      while (j < n && j - i < 2) {
        const d = text.charCodeAt(j);
        if (d >= 128 || d <= 32 || isWordChar(d) || (d >= 48 && d <= 57)) break;
        j++;
      }
      tokens += 1;
      i = j;
    } else {
      // Non-ASCII: roughly a token per character (CJK, emoji halves, accents).
      tokens += 1;
      i++;
    }
  }
  return tokens;
}

function isWordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}
