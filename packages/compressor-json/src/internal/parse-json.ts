import { closingQuote, indexDeferred, mayHoldUnusual } from './index-deferred.js';
import { markHoldsRaw, rawNumber } from './raw-number.js';
import { setOwn } from './set-own.js';

/**
 * Where parsed values came from in the input, so that what goes behind a marker is the input's
 * own text (issue 9): every marker's original is exact input text, numbers and escapes as written.
 */
export interface JsonSource {
  readonly text: string;
  /** Offset in `text` of each parsed object and array (its end is found when needed: few are). */
  readonly starts: Map<object, number>;
  /** First offset of a string whose literal differs from JSON.stringify's (`\u00e9`, `\/`, lone surrogates). */
  readonly literals: Map<string, number>;
  /**
   * Ranges parsed by the native JSON.parse (see parse-native.ts), in text order: their starts and
   * literals are recorded on first use, by one scan (`indexDeferred`). Most inputs never need them.
   */
  readonly deferred: DeferredRange[];
  /**
   * Whether a deferred range may hold a literal that `literals` would record: undefined until
   * literalOf first asks. When none can, a cut string's literal needs no scan.
   */
  deferredUnusual: boolean | undefined;
}

export interface DeferredRange {
  readonly value: object;
  readonly from: number;
  readonly to: number;
}

export function createJsonSource(text: string): JsonSource {
  return { text, starts: new Map(), literals: new Map(), deferred: [], deferredUnusual: undefined };
}

/** The input text of a parsed object or array, if it came from `source`. */
export function sourceOf(source: JsonSource | undefined, value: object): string | undefined {
  if (source && source.deferred.length > 0) indexDeferred(source);
  const start = source?.starts.get(value);
  return start === undefined ? undefined : source!.text.slice(start, endOfContainer(source!.text, start));
}

/** The literal of a string as the input wrote it (quotes and escapes included). */
export function literalOf(source: JsonSource | undefined, value: string): string {
  if (source && source.deferred.length > 0) {
    source.deferredUnusual ??= source.deferred.some((range) => mayHoldUnusual(source.text, range));
    if (source.deferredUnusual) indexDeferred(source);
  }
  const start = source?.literals.get(value);
  if (start === undefined) return JSON.stringify(value);
  // Long strings are what get cut: find the quote natively rather than char by char.
  return source!.text.slice(start, closingQuote(source!.text, start) + 1);
}

/** One past the bracket that closes the (valid) object or array opening at `start`. */
export function endOfContainer(text: string, start: number): number {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      // To the closing quote: the first one after an even run of backslashes.
      let close = i;
      for (;;) {
        close = text.indexOf('"', close + 1);
        if (close < 0) return text.length;
        let backslashes = 0;
        while (text.charCodeAt(close - 1 - backslashes) === 92) backslashes++;
        if (backslashes % 2 === 0) break;
      }
      i = close;
    } else if (c === 91 || c === 123) depth++;
    else if ((c === 93 || c === 125) && --depth === 0) return i + 1;
  }
  return text.length;
}

/**
 * The input text of consecutive elements `values[from..to]` of one array, separators and
 * spacing included: one slice, found without scanning when the element after them is known.
 */
export function sourceOfRun(source: JsonSource | undefined, values: readonly object[], from: number, to: number): string | undefined {
  if (source && source.deferred.length > 0) indexDeferred(source);
  const start = source?.starts.get(values[from]!);
  if (start === undefined) return undefined;
  const text = source!.text;
  const next = to + 1 < values.length ? source!.starts.get(values[to + 1]!) : undefined;
  if (next !== undefined) {
    // Back from the next element over spacing and its comma: the run ends there (same array only).
    let i = next - 1;
    while (i > start && text.charCodeAt(i) <= 32) i--;
    if (text.charCodeAt(i) === 44) {
      i--;
      while (i > start && text.charCodeAt(i) <= 32) i--;
      return text.slice(start, i + 1);
    }
  }
  // Otherwise only a single element is one slice (JSON Lines records are not separated by commas).
  if (from !== to) return undefined;
  return text.slice(start, endOfContainer(text, start));
}

/**
 * Parses `source.text[from, to)` as one JSON value, accepting exactly what JSON.parse accepts
 * and building the same values, except that a number whose value would not print as its text
 * becomes a RawNumber. Iterative (no recursion, any depth) and linear. Undefined when not JSON.
 */
export function parseJsonRange(source: JsonSource, from: number, to: number): { value: unknown } | undefined {
  // A range is parsed as its own string (a cheap slice): reads past its end are NaN and fail.
  const base = from;
  const text = from === 0 && to === source.text.length ? source.text : source.text.slice(from, to);
  const end = text.length;
  const { starts, literals } = source;
  const at = (i: number): number => text.charCodeAt(i);
  const skip = (i: number): number => {
    for (;;) {
      const c = at(i);
      if (c === 32 || c === 10 || c === 13 || c === 9) i++;
      else return i;
    }
  };
  // The string at `pos` (a quote); sets `pos` past it. Undefined when malformed.
  let pos = 0;
  const readString = (): string | undefined => {
    const start = pos;
    PLAIN.lastIndex = start + 1;
    PLAIN.test(text);
    const i = PLAIN.lastIndex;
    if (i >= end) return undefined;
    const c = text.charCodeAt(i);
    if (c === 34) {
      pos = i + 1;
      return text.slice(start + 1, i);
    }
    // Escapes or surrogates: native JSON.parse decodes the literal (and rejects bad escapes); a
    // literal that JSON.stringify would write differently (`\u00e9`, `\/`, a lone surrogate) is remembered.
    if (c !== 92 && (c < 0xd800 || c > 0xdfff)) return undefined;
    // The closing quote is the first one not escaped (preceded by an even run of backslashes).
    let close = i;
    for (;;) {
      close = text.indexOf('"', close);
      if (close < 0) return undefined;
      let backslashes = 0;
      while (text.charCodeAt(close - 1 - backslashes) === 92) backslashes++;
      if (backslashes % 2 === 0) break;
      close++;
    }
    pos = close + 1;
    const literal = text.slice(start, pos);
    let value: string;
    try {
      value = JSON.parse(literal) as string;
    } catch {
      return undefined;
    }
    if (!literals.has(value) && (literal.includes('\\u') || literal.includes('\\/') || SURROGATE.test(literal))) literals.set(value, base + start);
    return value;
  };

  const containers: (unknown[] | Record<string, unknown>)[] = [];
  const keys: string[] = [];
  const raws: boolean[] = [];
  let i = skip(0);
  for (;;) {
    // A value starts at i.
    let value: unknown;
    let raw = false;
    const c = at(i);
    if (c === 123 || c === 91) {
      const container: unknown[] | Record<string, unknown> = c === 91 ? [] : {};
      starts.set(container, base + i);
      i = skip(i + 1);
      if (at(i) === c + 2) {
        i++;
        value = container;
      } else {
        containers.push(container);
        raws.push(false);
        if (c === 91) {
          keys.push('');
          continue;
        }
        if (at(i) !== 34) return undefined;
        pos = i;
        const key = readString();
        if (key === undefined) return undefined;
        i = skip(pos);
        if (at(i) !== 58) return undefined;
        keys.push(key);
        i = skip(i + 1);
        continue;
      }
    } else if (c === 34) {
      pos = i;
      value = readString();
      if (value === undefined) return undefined;
      i = pos;
    } else if (c === 45 || (c >= 48 && c <= 57)) {
      const start = i;
      const negative = c === 45;
      if (negative) i++;
      let d = at(i);
      let digits = 0;
      let int = 0;
      if (d === 48) {
        i++;
        digits = 1;
      } else if (d >= 49 && d <= 57) {
        while (d >= 48 && d <= 57) {
          int = int * 10 + (d - 48);
          digits++;
          d = at(++i);
        }
      } else return undefined;
      let simple = true;
      if (at(i) === 46) {
        simple = false;
        d = at(++i);
        if (!(d >= 48 && d <= 57)) return undefined;
        while (d >= 48 && d <= 57) d = at(++i);
      }
      d = at(i);
      if (d === 101 || d === 69) {
        simple = false;
        d = at(++i);
        if (d === 43 || d === 45) d = at(++i);
        if (!(d >= 48 && d <= 57)) return undefined;
        while (d >= 48 && d <= 57) d = at(++i);
      }
      // Up to 15 digits an integer is exact and prints as written; only -0 does not.
      if (simple && digits <= 15 && !(negative && int === 0)) value = negative ? -int : int;
      else {
        const numberText = text.slice(start, i);
        const n = Number(numberText);
        if (String(n) === numberText) value = n;
        else {
          value = rawNumber(numberText);
          raw = true;
        }
      }
    } else if (c === 116 && text.startsWith('true', i) && i + 4 <= end) {
      value = true;
      i += 4;
    } else if (c === 102 && text.startsWith('false', i) && i + 5 <= end) {
      value = false;
      i += 5;
    } else if (c === 110 && text.startsWith('null', i) && i + 4 <= end) {
      value = null;
      i += 4;
    } else return undefined;

    // Attach the value to its container; close every container that ends here.
    for (;;) {
      const depth = containers.length;
      if (depth === 0) return skip(i) === end ? { value } : undefined;
      const parent = containers[depth - 1]!;
      if (raw) raws[depth - 1] = true;
      const isArray = Array.isArray(parent);
      if (isArray) parent.push(value);
      else {
        const key = keys[depth - 1]!;
        if (key === '__proto__') setOwn(parent, key, value);
        else parent[key] = value;
      }
      i = skip(i);
      const next = at(i);
      if (next === 44) {
        i = skip(i + 1);
        if (!isArray) {
          if (at(i) !== 34) return undefined;
          pos = i;
          const key = readString();
          if (key === undefined) return undefined;
          i = skip(pos);
          if (at(i) !== 58) return undefined;
          keys[depth - 1] = key;
          i = skip(i + 1);
        }
        break;
      }
      if (next !== (isArray ? 93 : 125)) return undefined;
      i++;
      containers.pop();
      keys.pop();
      raw = raws.pop()!;
      if (raw) markHoldsRaw(parent);
      value = parent;
    }
  }
}

/** A run of string characters that need no decoding. */
const PLAIN = /[^"\\\u0000-\u001f\ud800-\udfff]*/y;
const SURROGATE = /[\ud800-\udfff]/;
