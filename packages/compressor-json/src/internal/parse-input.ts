/** The JSON found in a tool result, and the text around it, kept verbatim. */
export interface ParsedInput {
  readonly value: unknown;
  readonly before: string;
  readonly after: string;
  readonly form: 'json' | 'json-lines' | 'embedded';
}

/** Lines before the JSON that may still count as a tool result's preamble. */
const MAX_PREAMBLE_LINES = 20;

/**
 * Finds JSON in `text`: a whole JSON object or array, JSON Lines (one object or array per
 * line), or one JSON object/array after a short preamble (and before an optional trailer).
 * Undefined when there is none; scalars alone are not worth handling.
 */
export function parseInput(text: string): ParsedInput | undefined {
  const start = firstNonSpace(text);
  const c = text.charCodeAt(start);
  if (c === 123 || c === 91) {
    const whole = tryParse(text);
    if (whole !== undefined) return isContainer(whole.value) ? { value: whole.value, before: '', after: '', form: 'json' } : undefined;
    const lines = parseLines(text);
    if (lines) return { value: lines, before: '', after: '', form: 'json-lines' };
  }
  return parseEmbedded(text);
}

function firstNonSpace(text: string): number {
  let i = 0;
  while (i < text.length && text.charCodeAt(i) <= 32) i++;
  return i;
}

function isContainer(value: unknown): boolean {
  return typeof value === 'object' && value !== null;
}

function tryParse(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) };
  } catch {
    return undefined;
  }
}

function parseLines(text: string): unknown[] | undefined {
  const values: unknown[] = [];
  let from = 0;
  while (from < text.length) {
    let to = text.indexOf('\n', from);
    if (to < 0) to = text.length;
    const line = text.slice(from, to).trim();
    from = to + 1;
    if (line.length === 0) continue;
    const c = line.charCodeAt(0);
    if (c !== 123 && c !== 91) return undefined;
    const parsed = tryParse(line);
    if (!parsed) return undefined;
    values.push(parsed.value);
  }
  return values.length >= 2 ? values : undefined;
}

function parseEmbedded(text: string): ParsedInput | undefined {
  let lineStart = 0;
  for (let line = 0; line < MAX_PREAMBLE_LINES && lineStart < text.length; line++) {
    const c = text.charCodeAt(lineStart);
    if (lineStart > 0 && (c === 123 || c === 91)) return embeddedAt(text, lineStart);
    const next = text.indexOf('\n', lineStart);
    if (next < 0) return undefined;
    lineStart = next + 1;
  }
  return undefined;
}

/** JSON (or JSON Lines) from `start` to the end, or to the last line that closes it (a trailer follows). */
function embeddedAt(text: string, start: number): ParsedInput | undefined {
  const before = text.slice(0, start);
  const rest = text.slice(start);
  const whole = tryParse(rest);
  if (whole) return isContainer(whole.value) ? { value: whole.value, before, after: '', form: 'embedded' } : undefined;
  const lines = parseLines(rest);
  if (lines) return { value: lines, before, after: '', form: 'embedded' };
  // Pretty JSON closes on a line of its own; minified JSON is one line.
  const close = rest.lastIndexOf(rest.charCodeAt(0) === 123 ? '\n}' : '\n]');
  const newline = rest.indexOf('\n');
  const end = close >= 0 ? close + 2 : newline;
  if (end < 0) return undefined;
  const body = tryParse(rest.slice(0, end));
  if (!body || !isContainer(body.value)) return undefined;
  return { value: body.value, before, after: rest.slice(end), form: 'embedded' };
}
