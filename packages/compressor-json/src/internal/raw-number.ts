/**
 * A number whose JavaScript value would not print as its source text: integers beyond 2^53,
 * long decimals, `1e400`, `-0`, `1.50`, `1E5`. It is kept as that text, so whatever the
 * compressor re-encodes writes the number exactly as the input did (issue 9).
 */
/** Set (not enumerable) on parsed objects and arrays with a raw number somewhere inside. */
const HOLDS_RAW: unique symbol = Symbol('holds raw number');

/**
 * A class only so that the check is a fast `instanceof` (it runs on every cell and record);
 * the text is not an own enumerable key, so no JSON walk ever mistakes it for a record's field.
 */
class RawNumberValue {
  readonly #text: string;
  constructor(text: string) {
    this.#text = text;
    Object.freeze(this);
  }
  get text(): string {
    return this.#text;
  }
}

export type RawNumber = RawNumberValue;

export function rawNumber(text: string): RawNumber {
  return new RawNumberValue(text);
}

export function isRawNumber(value: unknown): value is RawNumber {
  return value instanceof RawNumberValue;
}

export function rawText(value: RawNumber): string {
  return value.text;
}

/** Marks a container as holding a raw number, so `stringifyJson` writes it with its raw text. */
export function markHoldsRaw(container: object): void {
  if (!Object.isFrozen(container)) Object.defineProperty(container, HOLDS_RAW, { value: true, enumerable: false });
}

export function holdsRaw(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as { [HOLDS_RAW]?: boolean })[HOLDS_RAW] === true;
}

/**
 * JSON text of containers already written, during one compression only (`rememberingJson`):
 * nothing mutates a value while it is compressed, but a caller may change it between calls.
 */
let written: WeakMap<object, string> | undefined;
const MIN_REMEMBERED = 64;

/** Runs `work` with stringifyJson remembering what it wrote (the stages write the same nested values several times). */
export function rememberingJson<T>(work: () => T): T {
  const outer = written;
  written = new WeakMap();
  try {
    return work();
  } finally {
    written = outer;
  }
}

/**
 * JSON.stringify that writes raw numbers as their source text. Containers without one (nearly
 * all) go to the native JSON.stringify; the others are written here, recursively (callers
 * have checked the nesting depth).
 */
export function stringifyJson(value: unknown): string {
  if (typeof value !== 'object' || value === null) return JSON.stringify(value) ?? 'null';
  if (isRawNumber(value)) return value.text;
  if (!holdsRaw(value)) {
    // A nested value is written by several stages (const check, tables, signals, query): once.
    if (written === undefined) return JSON.stringify(value) ?? 'null';
    let json = written.get(value);
    if (json === undefined) {
      json = JSON.stringify(value) ?? 'null';
      // Short ones are cheaper to write again than to remember (callgrind: fewer instructions).
      if (json.length >= MIN_REMEMBERED) written.set(value, json);
    }
    return json;
  }
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i > 0 ? ',' : '') + stringifyJson(value[i]);
    return `${out}]`;
  }
  let out = '{';
  let first = true;
  for (const key of Object.keys(value)) {
    const v = (value as Record<string, unknown>)[key];
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
    out += `${first ? '' : ','}${JSON.stringify(key)}:${stringifyJson(v)}`;
    first = false;
  }
  return `${out}}`;
}
