import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createTokenizer } from '@headroom/core';
import { describe, expect, it } from 'vitest';
import { compressLossless } from './compress-lossless.js';
import { decode } from './decode.js';
import { evaldataPath } from './internal/testing/evaldata.js';
import { randomJson } from './internal/testing/random-json.js';

describe('compressLossless', () => {
  it('round-trips 500 generated values exactly', () => {
    const next = randomJson(7);
    for (let i = 0; i < 500; i++) {
      const value = next();
      expect(decode(compressLossless(value))).toEqual(value);
    }
  });

  it('flattens arrays of one short length into indexed columns', () => {
    const rows = Array.from({ length: 10 }, (_, i) => ({ id: `h${i}`, context: { before: [`// line ${i}`, 'const a = "b";'] } }));
    const text = compressLossless(rows);
    expect(text).toContain('{id,context.before[0],context.before[1]=const a = "b";}');
    expect(decode(text)).toEqual(rows);
  });

  it('keeps key order when rows add optional keys, and in nested tables', () => {
    const rows = Array.from({ length: 12 }, (_, i) => [{ a: i, b: 'bee', d: 'dee' }, { a: i, c: 'sea', d: 'dee' }, { a: i, b: 'bee', c: 'sea', d: 'dee', e: 'eee' }][i % 3]);
    const tree = {
      root: Array.from({ length: 3 }, (_, i) => ({ name: `dir${i}`, children: Array.from({ length: 4 + i }, (_, j) => ({ name: `f${j}`, size: j * i, ...(j === 2 ? { children: [{ name: 'x' }, { name: 'y' }, { name: 'z', note: 'n' }] } : {}) })) })),
    };
    for (const value of [rows, tree]) {
      const text = compressLossless(value);
      expect(text.startsWith('# headroom-json v1')).toBe(true);
      expect(JSON.stringify(decode(text))).toBe(JSON.stringify(value));
    }
    expect(compressLossless(tree)).toContain('\ndir1,$children[4-8]\n');
  });

  it('uses the table encoding on records and says so in one header line', () => {
    const rows = Array.from({ length: 30 }, (_, i) => ({ id: i, status: i % 5 ? 'ok' : 'error', msg: `line ${i}` }));
    const text = compressLossless(rows);
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^# headroom-json v1: /);
    expect(lines[1]).toBe('$rows[30]{id=seq(0,1),status,msg}:');
    expect(lines[2]).toBe('ok,line 0'.replace('ok', 'error'));
    expect(text.length).toBeLessThan(JSON.stringify(rows).length / 2);
    expect(decode(text)).toEqual(rows);
  });

  it('emits minified JSON when there is nothing to tabulate, and accepts JSON text', () => {
    expect(compressLossless('{\n  "a": [1, 2],\n  "b": "c"\n}')).toBe('{"a":[1,2],"b":"c"}');
    expect(decode('{"a":1}')).toEqual({ a: 1 });
    expect(() => compressLossless('{"a":')).toThrow(/not JSON/);
    expect(() => decode('# headroom-json v1: x\n$t[3]{a}:\n1')).toThrow(/missing rows/);
  });

  it('normalizes values that are not plain JSON the way JSON.stringify does', () => {
    const when = new Date(Date.UTC(2026, 0, 1));
    expect(decode(compressLossless({ when, skip: undefined, nan: Number.NaN }))).toEqual({ when: when.toISOString(), nan: null });
  });
});

describe('compressLossless on every real file in evaldata/json', () => {
  const tokenizer = createTokenizer();
  const files = listFiles(evaldataPath('json')).filter((f) => /\.(json|ndjson)$/.test(f));

  it('finds the real files', () => {
    expect(files.length).toBeGreaterThan(50);
  });

  it.each(files.map((f) => [f.slice(f.indexOf('/json/') + 1)]))('%s round-trips and is never larger than minified JSON', (name) => {
    const raw = readFileSync(evaldataPath(name), 'utf8');
    const value = name.endsWith('.ndjson')
      ? raw
          .split('\n')
          .filter((l) => l.trim())
          .map((l) => JSON.parse(l))
      : JSON.parse(raw);
    const text = compressLossless(value);
    expect(decode(text)).toEqual(value);
    expect(tokenizer.count(text)).toBeLessThanOrEqual(tokenizer.count(JSON.stringify(value)));
  });
});

describe('compressLossless on a value the caller changes between calls', () => {
  it('writes the value as it is now, not as an earlier call saw it', () => {
    // Tags of several lengths stay whole cells (minified JSON), so each is written by stringifyJson.
    const rows = Array.from({ length: 12 }, (_, i) => ({ id: i, tags: ['a', 'b', 'c'].slice(0, 1 + (i % 3)), meta: { owner: { name: `x${i}`, team: i % 2 ? ['core'] : [] } } }));
    const before = compressLossless(rows);
    rows[3]!.tags.push('changed');
    rows[5]!.meta.owner.team.push('changed too');
    rows[6]!.meta.owner.name = 'changed';
    const after = compressLossless(rows);
    expect(after).not.toBe(before);
    expect(decode(after)).toEqual(rows);
  });
});

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}
