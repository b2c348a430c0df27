import { describe, expect, it } from 'vitest';
import { parseInput } from './parse-input.js';
import { stringifyJson } from './raw-number.js';

describe('parseInput', () => {
  it('reads whole JSON objects and arrays, not scalars', () => {
    expect(parseInput(' {"a":1} ')).toMatchObject({ value: { a: 1 }, before: '', after: '', form: 'json' });
    expect(parseInput('[1,2]')?.value).toEqual([1, 2]);
    expect(parseInput('"just a string"')).toBeUndefined();
    expect(parseInput('42')).toBeUndefined();
  });

  it('reads JSON Lines as an array', () => {
    const parsed = parseInput('{"a":1}\n{"a":2}\n\n{"a":3}\n');
    expect(parsed?.form).toBe('json-lines');
    expect(parsed?.value).toEqual([{ a: 1 }, { a: 2 }, { a: 3 }]);
    // A line whose number must keep its text sends every line to our parser; one that is not JSON fails both.
    const exact = parseInput('{"a":1}\n{"a":1.50}\n');
    expect(exact?.form).toBe('json-lines');
    expect(stringifyJson((exact!.value as unknown[])[1])).toBe('{"a":1.50}');
    expect(parseInput('{"a":1}\n{"a":1.50\n')).toBeUndefined();
    // More than a few lines after it are not a trailer.
    expect(parseInput('{"a":1}\nnot json\nnor this\nnor this\nnor this\n')).toBeUndefined();
    // One document and a line of text after it is JSON with a trailer (a shell's exit status).
    expect(parseInput('{"a":1}\nexit code 0\n')).toMatchObject({ value: { a: 1 }, before: '', after: '\nexit code 0\n', form: 'embedded' });
  });

  it('finds JSON after a preamble and keeps the text around it verbatim', () => {
    const pretty = 'Found 2 results:\n[\n  {"a": 1},\n  {"a": 2}\n]\nDone in 3 ms.';
    expect(parseInput(pretty)).toMatchObject({ value: [{ a: 1 }, { a: 2 }], before: 'Found 2 results:\n', after: '\nDone in 3 ms.', form: 'embedded' });
    const minified = 'status: ok\n{"a":[1,2]}\ntrailer';
    expect(parseInput(minified)).toMatchObject({ value: { a: [1, 2] }, before: 'status: ok\n', after: '\ntrailer', form: 'embedded' });
    expect(parseInput('$ tail app.jsonl\n{"a":1}\n{"a":2}\n')).toMatchObject({ value: [{ a: 1 }, { a: 2 }], before: '$ tail app.jsonl\n', after: '', form: 'embedded' });
  });

  it('rejects prose, logs and truncated JSON', () => {
    expect(parseInput('[INFO] started\n[WARN] slow')).toBeUndefined();
    expect(parseInput('{"a": [1, 2')).toBeUndefined();
    expect(parseInput('hello world')).toBeUndefined();
    expect(parseInput('')).toBeUndefined();
  });
});
