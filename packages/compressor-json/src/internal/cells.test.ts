import { describe, expect, it } from 'vitest';
import { ABSENT, decodeCell, encodeCell, splitCells } from './cells.js';

const roundTrip = (value: unknown) => decodeCell(encodeCell(value), []);

describe('cells', () => {
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
