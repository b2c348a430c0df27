import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createJsonSource, literalOf, parseJsonRange, sourceOf } from './parse-json.js';
import { holdsRaw, isRawNumber, rawText, stringifyJson } from './raw-number.js';

const parse = (text: string) => parseJsonRange(createJsonSource(text), 0, text.length);

function nativeParse(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) };
  } catch {
    return undefined;
  }
}

/** Whitespace outside strings removed: what `stringifyJson` writes for canonical strings. */
function minify(text: string): string {
  return text.replace(/("(?:[^"\\]|\\.)*")|\s+/g, (_, string: string | undefined) => string ?? '');
}

const numberText = fc.oneof(
  fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).map(String),
  fc.tuple(fc.integer({ min: -999, max: 999 }), fc.stringMatching(/^[0-9]{1,25}$/)).map(([a, b]) => `${a}.${b}`),
  fc.constantFrom('1e400', '-1e400', '1E5', '2.5e-400', '-0', '-0.0', '1.0', '1.50', '0.1', '123456789012345678901234567890', '9007199254740993', '5e-324', '1e21'),
);

describe('parseJsonRange', () => {
  it('accepts exactly what JSON.parse accepts and builds the same values', () => {
    const inputs = fc.oneof(
      fc.json(),
      fc.json().map((t) => t.slice(0, Math.floor(t.length / 2))),
      fc.string(),
      fc.string({ unit: 'binary' }),
      fc.constantFrom('', ' ', '[1,]', '{"a":1,}', '01', '1.', '.5', '-', '"\\x"', '"\\u12"', '"a\nb"', 'tru', 'nul', '[1]x', '\ufeff{}', '{"__proto__":1}', '{"a":1,"a":2}', '{"2":1,"1":2,"b":3}'),
    );
    fc.assert(
      fc.property(inputs, (text) => {
        const ours = parse(text);
        const native = nativeParse(text);
        expect(ours === undefined, text).toBe(native === undefined);
        if (ours && native && !holdsRaw(ours.value) && !isRawNumber(ours.value)) {
          expect(JSON.stringify(ours.value)).toBe(JSON.stringify(native.value));
          expect(ours.value).toStrictEqual(native.value);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps the text of every number whose value would not print as written', () => {
    const doc = fc.array(fc.tuple(fc.string({ maxLength: 8 }), numberText), { minLength: 1, maxLength: 10 });
    fc.assert(
      fc.property(doc, (entries) => {
        const text = `{ "list": [ ${entries.map(([, n]) => n).join(' , ')} ], "byKey": {${entries.map(([k, n], i) => `${JSON.stringify(`k${k}${i}`)}: ${n}`).join(',\n')}} }`;
        const parsed = parse(text);
        expect(parsed).toBeDefined();
        expect(stringifyJson(parsed!.value)).toBe(minify(text));
        for (const n of (parsed!.value as { list: unknown[] }).list) {
          if (isRawNumber(n)) expect(String(Number(rawText(n)))).not.toBe(rawText(n));
          else expect(typeof n).toBe('number');
        }
      }),
      { numRuns: 500 },
    );
  });

  it('parses 100,000 levels of nesting without recursion', () => {
    const depth = 100_000;
    const parsed = parse(`${'['.repeat(depth)}1${']'.repeat(depth)}`);
    expect(parsed).toBeDefined();
  });

  it('records where objects, arrays and escaped strings came from', () => {
    const text = '{ "rows": [ {"id": 1}, { "id" : 2 } ], "s": "caf\\u00e9" }';
    const source = createJsonSource(text);
    const value = parseJsonRange(source, 0, text.length)!.value as { rows: object[]; s: string };
    expect(sourceOf(source, value.rows)).toBe('[ {"id": 1}, { "id" : 2 } ]');
    expect(sourceOf(source, value.rows[1]!)).toBe('{ "id" : 2 }');
    expect(value.s).toBe('café');
    expect(literalOf(source, value.s)).toBe('"caf\\u00e9"');
    expect(literalOf(source, 'plain')).toBe('"plain"');
  });

  it('parses a range of a larger text', () => {
    const text = 'head\n{"a": [1, 2]}\ntail';
    expect(parseJsonRange(createJsonSource(text), 5, 18)).toEqual({ value: { a: [1, 2] } });
    expect(parseJsonRange(createJsonSource(text), 5, 17)).toBeUndefined();
  });
});
