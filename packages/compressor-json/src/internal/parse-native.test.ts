import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { indexDeferred } from './index-deferred.js';
import { createJsonSource, type JsonSource, literalOf, parseJsonRange, sourceOf } from './parse-json.js';
import { MAYBE_RAW_NUMBER, NOT_JSON, parseNative } from './parse-native.js';
import { randomJson } from './testing/random-json.js';

/** What our own parser keeps as text: a number whose value does not print as written. */
function isRaw(text: string): boolean {
  return text === '-0' || String(Number(text)) !== text;
}

/** Every container of two parsed values that mirror each other, in pairs. */
function pairs(a: unknown, b: unknown, out: [object, object][] = []): [object, object][] {
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) return out;
  out.push([a, b]);
  if (Array.isArray(a)) for (const [i, item] of a.entries()) pairs(item, (b as unknown[])[i], out);
  else for (const key of Object.keys(a)) pairs(Object.getOwnPropertyDescriptor(a, key)?.value, Object.getOwnPropertyDescriptor(b, key)?.value, out);
  return out;
}

/** Parses `text` both ways and checks that the native path records exactly what our parser records. */
function expectSameAsOurParser(text: string): boolean {
  const ours = createJsonSource(text);
  const native = createJsonSource(text);
  const a = parseJsonRange(ours, 0, text.length);
  const b = parseNative(native, 0, text.length);
  if (b === undefined || b === NOT_JSON) return false;
  expect(b.value).toEqual(a!.value);
  indexDeferred(native);
  for (const [x, y] of pairs(a!.value, b.value)) expect(sourceOf(native, y)).toBe(sourceOf(ours, x));
  expect([...native.literals]).toEqual([...ours.literals]);
  return true;
}

/** Non-ASCII as `\uXXXX` and `/` as `\/`: both only occur inside strings of JSON.stringify's output. */
function escapeUnusual(text: string): string {
  return text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).replace(/\//g, '\\/');
}

const numberText = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
  fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).map(String),
  fc.tuple(fc.integer({ min: -999, max: 999 }), fc.stringMatching(/^[0-9]{1,25}$/)).map(([a, b]) => `${a}.${b}`),
  fc.tuple(fc.integer({ min: -99, max: 99 }), fc.constantFrom('e', 'E', 'e+', 'e-', 'E-'), fc.integer({ min: 0, max: 400 })).map(([a, e, x]) => `${a}${e}${x}`),
  fc.constantFrom('1e400', '1E5', '2.5e-400', '-0', '-0.0', '1.0', '1.50', '0.0000001', '9007199254740993', '5e-324', '1e21', '100000000000000000000'),
);

describe('parseNative', () => {
  it('leaves every number our parser keeps as text to our parser', () => {
    fc.assert(
      fc.property(numberText, fc.constantFrom('[', '{"k":', '[1, ', '{"a": 1,\n  "k": '), fc.constantFrom('', ' ', '\n  '), (n, open, space) => {
        const text = `${open}${space}${n}${space}${open.startsWith('[') ? ']' : '}'}`;
        if (isRaw(n)) expect(parseNative(createJsonSource(text), 0, text.length)).toBeUndefined();
      }),
      { numRuns: 3000 },
    );
  });

  it('takes the common numbers (counts, ids, prices, scores) natively', () => {
    const common = fc.oneof(
      fc.integer({ min: -1e9, max: 1e9 }),
      fc.integer({ min: 0, max: 1e6 }).map((cents) => cents / 100),
      fc.integer({ min: 1, max: 999 }).map((n) => n / 1000),
    );
    fc.assert(
      fc.property(fc.array(common, { minLength: 1, maxLength: 20 }), (numbers) => {
        const text = JSON.stringify({ rows: numbers.map((n) => ({ n })) }, null, 2);
        expect(parseNative(createJsonSource(text), 0, text.length)).toHaveProperty('value');
      }),
    );
  });

  it('tells text that is not JSON (so our parser need not try) from numbers that need it', () => {
    for (const text of ['{"a": 1}\n{"a": 2}', '[1, 2', '{"a": 1.50', 'nope']) expect(parseNative(createJsonSource(text), 0, text.length)).toBe(NOT_JSON);
    expect(parseNative(createJsonSource('[1.50]'), 0, 6)).toBeUndefined();
  });

  it('is not fooled by number-like text inside strings, such as timestamps', () => {
    expect(MAYBE_RAW_NUMBER.test('{"at": "2026-03-14T09:00:00.000Z", "n": 1.5}')).toBe(false);
    expect(MAYBE_RAW_NUMBER.test('{"at": "09:00:00.000Z", "n": 1.50}')).toBe(true);
  });

  it('records the same sources and literals as our parser, on random documents', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.constantFrom(0, 1, 2, '\t'), fc.boolean(), (seed, indent, escaped) => {
        const value = randomJson(seed)();
        let text = JSON.stringify(value, null, indent);
        if (escaped) text = escapeUnusual(text);
        expectSameAsOurParser(text);
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.json(), (text) => {
        if (text.startsWith('{') || text.startsWith('[')) expectSameAsOurParser(text);
      }),
      { numRuns: 500 },
    );
  });

  it('records duplicate keys, __proto__ keys and repeated escaped strings as our parser does', () => {
    const texts = [
      '{"a": {"x": [1]}, "b": [{"c": 1}], "a": {"y": {"z": []}}}',
      '{"a": [{"x": 1}, {"x": 2}], "a": [{"x": 3}]}',
      '{"a": [1, 2], "a": {"k": [3]}}',
      '{"__proto__": {"p": [1]}, "q": {"__proto__": []}}',
      '{"1": {"n": []}, "0": [{"m": {}}], "b": {}}',
      '[{"s": "caf\\u00e9"}, {"s": "caf\\u00E9"}, {"caf\\u00e9": "\\/x"}, "\\ud83c\\udf89", "🎉", "\\ud800"]',
      '{"k\\"q": {"v": ["a\\\\", "b\\\\\\"c"]}, "e": []}',
    ];
    for (const text of texts) expect(expectSameAsOurParser(text), text).toBe(true);
  });

  it('writes a literal without the scan when no deferred range can hold an unusual one', () => {
    const plain = createJsonSource('[{"s": "caf\u00e9"}, {"s": "b"}]');
    parseNative(plain, 0, plain.text.length);
    expect(literalOf(plain, 'café')).toBe('"café"');
    expect(plain.deferred).toHaveLength(1);
    const escaped = createJsonSource('[{"s": "caf\\u00e9"}, {"s": "b"}]');
    parseNative(escaped, 0, escaped.text.length);
    expect(literalOf(escaped, 'café')).toBe('"caf\\u00e9"');
    expect(escaped.deferred).toHaveLength(0);
  });

  it('defers the scan until a source is asked for', () => {
    const source: JsonSource = createJsonSource('[{"a": 1}, {"a": 2}]');
    const parsed = parseNative(source, 0, source.text.length) as { value: unknown };
    expect(source.starts.size).toBe(0);
    expect(sourceOf(source, (parsed.value as object[])[1]!)).toBe('{"a": 2}');
    expect(source.deferred).toHaveLength(0);
  });
});
