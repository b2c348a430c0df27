/**
 * A number whose JavaScript value would not print as its source text: integers beyond 2^53,
 * long decimals, `1e400`, `-0`, `1.50`, `1E5`. It is kept as that text, so whatever the
 * compressor re-encodes writes the number exactly as the input did (issue 9).
 */
const RAW: unique symbol = Symbol('raw number');
/** Set (not enumerable) on parsed objects and arrays with a raw number somewhere inside. */
const HOLDS_RAW: unique symbol = Symbol('holds raw number');

export interface RawNumber {
  readonly [RAW]: string;
}

export function rawNumber(text: string): RawNumber {
  return Object.freeze({ [RAW]: text });
}

export function isRawNumber(value: unknown): value is RawNumber {
  return typeof value === 'object' && value !== null && RAW in value;
}

export function rawText(value: RawNumber): string {
  return value[RAW];
}

/** Marks a container as holding a raw number, so `stringifyJson` writes it with its raw text. */
export function markHoldsRaw(container: object): void {
  if (!Object.isFrozen(container)) Object.defineProperty(container, HOLDS_RAW, { value: true, enumerable: false });
}

export function holdsRaw(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as { [HOLDS_RAW]?: boolean })[HOLDS_RAW] === true;
}

/**
 * JSON.stringify that writes raw numbers as their source text. Containers without one (nearly
 * all) go to the native JSON.stringify; the others are written here, recursively (callers
 * have checked the nesting depth).
 */
export function stringifyJson(value: unknown): string {
  if (typeof value !== 'object' || value === null) return JSON.stringify(value) ?? 'null';
  if (isRawNumber(value)) return value[RAW];
  if (!holdsRaw(value)) return JSON.stringify(value) ?? 'null';
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
