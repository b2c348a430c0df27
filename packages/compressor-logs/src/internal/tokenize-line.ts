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
const DIGIT_RUN = /-?(?:0x)?[0-9a-f]*\d[0-9a-f]*/gi;
// A hex group without digits ("bfbb") would otherwise survive inside a UUID and split its template.
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const CALENDAR_WORD = /^[[(]?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun)[a-z]{0,6}[\]),.:]?$/i;

function maskToken(token: string): string {
  if (!HAS_DIGIT.test(token)) return token.length <= 11 && CALENDAR_WORD.test(token) ? WILDCARD : token;
  if (NUMBER_LIKE.test(token)) return WILDCARD;
  return (token.length >= 36 ? token.replace(UUID, WILDCARD) : token).replace(DIGIT_RUN, WILDCARD);
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
