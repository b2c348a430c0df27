import { createJsonSource, type JsonSource, parseJsonRange } from './parse-json.js';
import { NOT_JSON, parseNative } from './parse-native.js';

/** The JSON found in a tool result, and the text around it, kept verbatim. */
export interface ParsedInput {
  readonly value: unknown;
  /** Where the values came from: offloaded originals are cut from it. */
  readonly source: JsonSource;
  readonly before: string;
  readonly after: string;
  readonly form: 'json' | 'json-lines' | 'embedded';
}

/** Lines before the JSON that may still count as a tool result's preamble. */
const MAX_PREAMBLE_LINES = 20;

/**
 * Finds JSON in `text`: a whole JSON object or array, JSON Lines (one object or array per
 * line), one JSON object/array followed by a short trailer (a shell tool's `<exit code 0>`), or one
 * after a short preamble (and before an optional trailer).
 * Undefined when there is none; scalars alone are not worth handling.
 */
export function parseInput(text: string): ParsedInput | undefined {
  const source = createJsonSource(text);
  const start = firstNonSpace(text);
  const c = text.charCodeAt(start);
  if (c === 123 || c === 91) {
    // The native parser when it builds the same values (nearly always), ours otherwise.
    const native = parseNative(source, start, text.length);
    const whole = native === NOT_JSON ? undefined : (native ?? parseJsonRange(source, start, text.length));
    if (whole !== undefined) return isContainer(whole.value) ? { value: whole.value, source, before: '', after: '', form: 'json' } : undefined;
    const lines = parseLines(source, 0);
    if (lines) return { value: lines, source, before: '', after: '', form: 'json-lines' };
    const trailed = closedBeforeTrailer(source, start);
    if (trailed && isShortTrailer(trailed.after)) return { ...trailed, before: text.slice(0, start) };
  }
  return parseEmbedded(source);
}

/** Lines a tool may print after the JSON it ran (a shell's exit status, a pager's footer). */
const MAX_TRAILER_LINES = 3;

/** A few lines of text after the JSON; a line that opens another record means JSON Lines, not a trailer. */
function isShortTrailer(after: string): boolean {
  if (after.length > 1000) return false;
  const lines = after.split('\n');
  return lines.length <= MAX_TRAILER_LINES + 1 && !lines.some((line) => /^\s*[{[]/.test(line));
}

function firstNonSpace(text: string): number {
  let i = 0;
  while (i < text.length && text.charCodeAt(i) <= 32) i++;
  return i;
}

function isContainer(value: unknown): boolean {
  return typeof value === 'object' && value !== null;
}

/** JSON Lines from `from` on: each line parsed in place, so each record's source is its line. */
function parseLines(source: JsonSource, from: number): unknown[] | undefined {
  let exact = false;
  const native = parseLinesWith(source, from, (s, a, b) => {
    const parsed = parseNative(s, a, b);
    if (parsed === undefined) exact = true;
    return parsed === NOT_JSON ? undefined : parsed;
  });
  if (native) return native;
  source.deferred.length = 0;
  // Only a line whose numbers must keep their text needs our parser (a line that is not JSON fails
  // both): every line again, as if the native one had not been tried, so offsets stay first-seen.
  return exact ? parseLinesWith(source, from, parseJsonRange) : undefined;
}

function parseLinesWith(source: JsonSource, from: number, parse: (source: JsonSource, from: number, to: number) => { value: unknown } | undefined): unknown[] | undefined {
  const text = source.text;
  const values: unknown[] = [];
  while (from < text.length) {
    let to = text.indexOf('\n', from);
    if (to < 0) to = text.length;
    let start = from;
    let end = to;
    from = to + 1;
    while (start < end && text.charCodeAt(start) <= 32) start++;
    while (end > start && text.charCodeAt(end - 1) <= 32) end--;
    if (start === end) continue;
    const c = text.charCodeAt(start);
    if (c !== 123 && c !== 91) return undefined;
    const parsed = parse(source, start, end);
    if (!parsed) return undefined;
    values.push(parsed.value);
  }
  return values.length >= 2 ? values : undefined;
}

function parseEmbedded(source: JsonSource): ParsedInput | undefined {
  const text = source.text;
  let lineStart = 0;
  for (let line = 0; line < MAX_PREAMBLE_LINES && lineStart < text.length; line++) {
    const c = text.charCodeAt(lineStart);
    if (lineStart > 0 && (c === 123 || c === 91)) return embeddedAt(source, lineStart);
    const next = text.indexOf('\n', lineStart);
    if (next < 0) return undefined;
    lineStart = next + 1;
  }
  return undefined;
}

/** JSON (or JSON Lines) from `start` to the end, or to the last line that closes it (a trailer follows). */
function embeddedAt(source: JsonSource, start: number): ParsedInput | undefined {
  const text = source.text;
  const before = text.slice(0, start);
  const whole = parseJsonRange(source, start, text.length);
  if (whole) return isContainer(whole.value) ? { value: whole.value, source, before, after: '', form: 'embedded' } : undefined;
  const lines = parseLines(source, start);
  if (lines) return { value: lines, source, before, after: '', form: 'embedded' };
  const trailed = closedBeforeTrailer(source, start);
  return trailed ? { ...trailed, before } : undefined;
}

/** The JSON from `start` to the last line that closes it, and the text after it. */
function closedBeforeTrailer(source: JsonSource, start: number): ParsedInput | undefined {
  const text = source.text;
  // Pretty JSON closes on a line of its own; minified JSON is one line.
  const close = text.lastIndexOf(text.charCodeAt(start) === 123 ? '\n}' : '\n]');
  const newline = text.indexOf('\n', start);
  const end = close >= start ? close + 2 : newline;
  if (end < 0) return undefined;
  const body = parseJsonRange(source, start, end);
  if (!body || !isContainer(body.value)) return undefined;
  return { value: body.value, source, before: '', after: text.slice(end), form: 'embedded' };
}
