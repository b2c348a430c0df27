import { describe, expect, it } from 'vitest';
import { maxDepth } from './depth.js';

describe('maxDepth', () => {
  it('measures nesting without recursion and stops past the limit', () => {
    expect(maxDepth(1, 10)).toBe(0);
    expect(maxDepth({ a: [1, { b: [] }] }, 10)).toBe(4);
    const deep = JSON.parse(`${'['.repeat(100_000)}${']'.repeat(100_000)}`);
    expect(maxDepth(deep, 1000)).toBe(1001);
  });
});
