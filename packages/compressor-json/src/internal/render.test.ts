import { describe, expect, it } from 'vitest';
import { analyze } from './analyze.js';
import { pathText, render } from './render.js';

describe('render', () => {
  it('explains only the features the text uses in its first line', () => {
    const plain = render(analyze(Array.from({ length: 5 }, (_, i) => ({ name: `n${(i * 7) % 5}`, v: (i * 3) % 4 }))));
    expect(plain.split('\n')[0]).toBe('# headroom-json v1: $name[N]{columns}: N records, one per line');
    const rich = render(analyze({ items: Array.from({ length: 5 }, (_, i) => ({ id: i, kind: 'k', ...(i % 2 ? { opt: 1 } : {}) })) }));
    expect(rich.split('\n')[0]).toBe('# headroom-json v1: $name[N]{columns}: N records, one per line; col=value: same in every row; seq(a,step): a+step*row; empty cell: key absent; "$name": that table');
  });

  it('writes column paths bare where they cannot be misread', () => {
    expect(pathText(['user', 'login'])).toBe('user.login');
    expect(pathText(['context', 'before', 0])).toBe('context.before[0]');
    expect(pathText(['a.b', 'with space', '', '$ref'])).toBe('"a.b"."with space".""."$ref"');
  });
});
