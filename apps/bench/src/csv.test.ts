import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv.js';

describe('parseCsv', () => {
  it('handles quoted commas, doubled quotes, newlines in quotes and CRLF', () => {
    expect(parseCsv('a,b\r\n"1,2","say ""hi"""\n"x\ny",z')).toEqual([
      ['a', 'b'],
      ['1,2', 'say "hi"'],
      ['x\ny', 'z'],
    ]);
  });
});
