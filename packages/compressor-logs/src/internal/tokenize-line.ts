/** A line split into the tokens the template miner compares. */
export interface LineTokens {
  /** The tokens as they appear in the line. */
  readonly raw: readonly string[];
  /**
   * The same tokens with obvious variables masked: a token that is a number, hex, IP, time or
   * month/day name becomes `<*>`; a word with digits inside keeps its letters (`blk_<*>`,
   * `kernel[<*>]:`), so identifiers with numbers still tell templates apart.
   */
  readonly masked: readonly string[];
}

export const WILDCARD = '<*>';

/** Long lines are mined on their first tokens only: enough to tell templates apart, bounded work. */
const MAX_TOKENS = 128;
const MAX_CHARS = 4096;

const WHITESPACE = /\s+/;
// JSON lines: keys and values become tokens; quotes, braces and separators do not matter for shape.
const JSON_SEPARATORS = /[\s{}[\]",:]+/;
const HAS_DIGIT = /\d/;
// Numbers, hex, IPs, times, dates, sizes: only digits, hex letters and number punctuation.
const NUMBER_LIKE = /^[-+#(]?(?:0x)?[0-9a-f.:,_/\-+%]*[)\]]?[,;:.]?$/i;
// A hex group without digits ("bfbb") would otherwise survive inside a UUID and split its template.
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const CALENDAR_WORD = /^[[(]?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun)[a-z]{0,6}[\]),.:]?$/i;

function maskToken(token: string): string {
  if (!HAS_DIGIT.test(token)) return token.length <= 11 && CALENDAR_WORD.test(token) ? WILDCARD : token;
  if (NUMBER_LIKE.test(token)) return WILDCARD;
  return maskDigitRuns(token.length >= 36 ? token.replace(UUID, WILDCARD) : token);
}

const DIGIT_RUN = /-?(?:0x)?[0-9a-f]*\d[0-9a-f]*/gi;
const SHORT_TOKEN = 64;

/**
 * Replaces each run of hex characters that holds a digit (with a `-` and a `0x` before it, when
 * there) by `<*>`: what the regex `-?(?:0x)?[0-9a-f]*\d[0-9a-f]*` (flags gi) matched, in one pass. It
 * scanned the rest of a hex run from each of its letters looking for a digit: O(n²) per token.
 */
export function maskDigitRuns(token: string): string {
  // Short tokens, nearly all of them, take the regex: its worst case is bounded by the length, and it is faster there.
  if (token.length <= SHORT_TOKEN) return token.replace(DIGIT_RUN, WILDCARD);
  let out = '';
  let copied = 0;
  let i = 0;
  const n = token.length;
  while (i < n) {
    const start = i;
    let at = i;
    if (token.charCodeAt(at) === 45 /* - */) at++;
    const run = hexRunWithDigit(token, at);
    if (run === undefined) {
      // No match starts here. A hex run without a digit cannot hold the start of one either.
      i = start === at ? Math.max(start + 1, hexRunEnd(token, start)) : start + 1;
      continue;
    }
    out += token.slice(copied, start) + WILDCARD;
    copied = i = run;
  }
  return copied === 0 ? token : out + token.slice(copied);
}

/** End of the match of `(?:0x)?`, a hex run and a digit in it, at `at`, or undefined; `0x` only when a digit run follows it. */
function hexRunWithDigit(token: string, at: number): number | undefined {
  const c = token.charCodeAt(at);
  const x = token.charCodeAt(at + 1);
  if (c === 48 /* 0 */ && (x === 120 || x === 88) /* x X */) {
    const end = hexRunEnd(token, at + 2);
    if (hasDigit(token, at + 2, end)) return end;
  }
  const end = hexRunEnd(token, at);
  return hasDigit(token, at, end) ? end : undefined;
}

function hexRunEnd(token: string, from: number): number {
  let i = from;
  while (i < token.length && isHex(token.charCodeAt(i))) i++;
  return i;
}

function hasDigit(token: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = token.charCodeAt(i);
    if (c >= 48 && c <= 57) return true;
  }
  return false;
}

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

const PLAIN_WORD = /^[A-Za-z_]+[.,:;]?$/;

/** A word of letters: two different ones at a position usually mean two different messages. */
export function isPlainWord(token: string): boolean {
  return PLAIN_WORD.test(token);
}

/** True for a JSON-lines record: the miner then splits on JSON punctuation instead of spaces. */
function isJsonLine(line: string): boolean {
  const start = line.charCodeAt(0) === 0x7b ? 0 : line.search(/\S/);
  return start >= 0 && line.charCodeAt(start) === 0x7b && line.trimEnd().endsWith('}');
}

/** The line's tokens as they appear, without masking. */
function splitTokens(line: string): string[] {
  const head = line.length > MAX_CHARS ? line.slice(0, MAX_CHARS) : line;
  const raw: string[] = [];
  for (const piece of head.split(isJsonLine(line) ? JSON_SEPARATORS : WHITESPACE)) {
    if (piece.length === 0) continue;
    raw.push(piece);
    if (raw.length === MAX_TOKENS) break;
  }
  return raw;
}

// Logs repeat their tokens: masking each distinct one once saves most of the regex work.
const MEMO_LIMIT = 65_536;
const memo = new Map<string, string>();

function maskCached(token: string): string {
  let masked = memo.get(token);
  if (masked === undefined) {
    masked = maskToken(token);
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(token, masked);
  }
  return masked;
}

function tokenizeLine(line: string): LineTokens {
  const raw = splitTokens(line);
  return { raw, masked: raw.map(maskCached) };
}

/** Tokens of each line of one input, computed once: the miner, the selection and the summaries share them. */
export interface LineTokenCache {
  at(index: number): LineTokens;
}

/** Inputs with more lines are tokenized again on each use instead: memory stays bounded. */
const MAX_CACHED_LINES = 250_000;

export function cacheLineTokens(lines: readonly string[]): LineTokenCache {
  if (lines.length > MAX_CACHED_LINES) return { at: (index) => tokenizeLine(lines[index]!) };
  const cached: (LineTokens | undefined)[] = new Array(lines.length);
  return {
    at(index) {
      let tokens = cached[index];
      if (tokens === undefined) cached[index] = tokens = tokenizeLine(lines[index]!);
      return tokens;
    },
  };
}
