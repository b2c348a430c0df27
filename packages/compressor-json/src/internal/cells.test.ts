import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ABSENT, decodeCell, encodeCell, needsQuotes, splitCells } from './cells.js';

const roundTrip = (value: unknown) => decodeCell(encodeCell(value), []);

/** needsQuotes as it was written before long strings got a native pre-check: one loop over every character. */
function needsQuotesByLoop(text: string, strict: boolean, typed: boolean): boolean {
  const n = text.length;
  if (n === 0) return true;
  const first = text.charCodeAt(0);
  if (first === 34 || first === 91 || first === 123 || first === 64 || first === 36 || first <= 32) return true;
  if (text.charCodeAt(n - 1) <= 32) return true;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 32 || c === 44 || c === 127) return true;
    if (strict && (c === 123 || c === 125)) return true;
    if (c >= 0xd800 && c <= 0xdfff) {
      const next = text.charCodeAt(i + 1);
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) i++;
      else return true;
    }
  }
  if (typed && (text === 'null' || text === 'true' || text === 'false')) return true;
  if (typed && /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/.test(text)) return true;
  return text.startsWith('seq(') || text.startsWith('prefix(') || text.startsWith('suffix(');
}

describe('cells', () => {
  it('quotes long strings exactly as the character loop did (commas, braces, control characters, lone and paired surrogates)', () => {
    const long = 'x'.repeat(60);
    for (const text of [long, `${long},`, `${long}{`, `${long}\u0001y`, `${long}\u007f`, `${long}\ud83d\ude00`, `${long}\ud83dz`, `${long}\ude00`, `seq(${long})`, `1${'0'.repeat(60)}`]) {
      for (const strict of [false, true]) for (const typed of [false, true]) expect(needsQuotes(text, strict, typed)).toBe(needsQuotesByLoop(text, strict, typed));
    }
    const chars = fc.constantFrom('a', 'b', ' ', ',', '{', '}', '"', '1', '-', '.', '\u0000', '\u001f', '\u007f', '\ud83d', '\ude00', 'é');
    fc.assert(
      fc.property(fc.array(chars, { minLength: 40, maxLength: 120 }), fc.boolean(), fc.boolean(), (parts, strict, typed) => {
        const text = parts.join('');
        expect(needsQuotes(text, strict, typed)).toBe(needsQuotesByLoop(text, strict, typed));
      }),
      { numRuns: 2000 },
    );
    // Mostly plain text with at most two special characters: the native pre-check's own path.
    const plain = fc.array(fc.constantFrom<string>('a', 'b', ' ', '1', '-', 'é'), { minLength: 48, maxLength: 100 });
    const special = fc.constantFrom(',', '{', '}', '\u0000', '\u001f', '\u007f', '\ud83d', '\ude00', '\ud83d\ude00');
    fc.assert(
      fc.property(plain, fc.array(fc.tuple(fc.nat(), special), { maxLength: 2 }), fc.boolean(), fc.boolean(), (parts, inserts, strict, typed) => {
        for (const [at, c] of inserts) parts.splice(at % (parts.length + 1), 0, c);
        const text = parts.join('');
        expect(needsQuotes(text, strict, typed)).toBe(needsQuotesByLoop(text, strict, typed));
      }),
      { numRuns: 3000 },
    );
  });

  it('keeps types apart: numbers, numeric strings, literals and their string twins', () => {
    for (const value of [12, '12', -0.5, '-0.5', 1e21, '1e+21', true, 'true', null, 'null', false, 'false', '007', '', ' padded ', 'a,b', 'line\nbreak', '"quoted', '[not json', '{x', '@3', 'seq(1,2)', 'prefix(x)', 'x}y']) {
      expect(roundTrip(value)).toEqual(value);
    }
    expect(Object.is(roundTrip(-0), -0)).toBe(true);
  });

  it('writes plain strings bare and ambiguous ones quoted', () => {
    expect(encodeCell('acme/storefront-web')).toBe('acme/storefront-web');
    expect(encodeCell('has, comma')).toBe('"has, comma"');
    expect(encodeCell('42')).toBe('"42"');
    expect(encodeCell('a}b', true)).toBe('"a}b"');
    expect(encodeCell(ABSENT)).toBe('');
    expect(decodeCell('', [])).toBe(ABSENT);
  });

  it('escapes lone surrogates but keeps well-formed pairs bare', () => {
    expect(encodeCell('ok \ud83d\ude00')).toBe('ok \ud83d\ude00');
    expect(encodeCell('bad \ud800 x')).toBe('"bad \\ud800 x"');
    expect(roundTrip('bad \ud800 x')).toBe('bad \ud800 x');
  });

  it('nests JSON and resolves dictionary references', () => {
    expect(roundTrip({ a: [1, 'x,y'] })).toEqual({ a: [1, 'x,y'] });
    expect(decodeCell('@1', ['a', 'b'])).toBe('b');
    expect(() => decodeCell('@7', ['a'])).toThrow(/dictionary/);
  });

  it('splits rows on top-level commas only', () => {
    expect(splitCells('a,"b,c",[1,{"d":","}],,{"e":"]"},seq(1,2),x').cells).toEqual(['a', '"b,c"', '[1,{"d":","}]', '', '{"e":"]"}', 'seq(1,2)', 'x']);
    expect(splitCells('x}rest', 0, 125)).toEqual({ cells: ['x'], end: 1 });
  });

  it('reports unterminated quotes and brackets', () => {
    expect(() => splitCells('"abc')).toThrow(SyntaxError);
    expect(() => splitCells('[1,2')).toThrow(SyntaxError);
  });
});
