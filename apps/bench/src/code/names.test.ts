import { describe, expect, it } from 'vitest';
import { containsName, missingNames } from './names-visible.js';
import { pythonNames } from './python-tools.js';
import { typescriptNames } from './typescript-tools.js';

describe('names of the original', () => {
  it('takes top-level declarations and class members from TypeScript/JavaScript', () => {
    const source = [
      'import { x } from "y";',
      'export const A = 1, { b, c: [d] } = obj;',
      'function f() { const inner = 2; }',
      'export class K extends Base { #secret = 1; static make() {} get size() { return 0; } constructor() { super(); } }',
      'interface I { notAClassMember: string }',
      'type T = string; enum E { One } declare namespace N {}',
    ].join('\n');
    expect(typescriptNames(source, 'a.ts')).toEqual(['#secret', 'A', 'E', 'I', 'K', 'N', 'T', 'b', 'd', 'f', 'make', 'size'].sort());
  });

  it('takes defs, classes and assignment targets from Python, not imports or locals', () => {
    const source = 'import os\nX, (Y, Z) = 1, (2, 3)\nlimit: int = 5\ndef f():\n    local = 1\nclass C:\n    attr = 1\n    def m(self): pass\n';
    expect(pythonNames(source)).toEqual(['C', 'X', 'Y', 'Z', 'attr', 'f', 'limit', 'm']);
  });
});

describe('containsName', () => {
  it('matches whole identifiers only', () => {
    expect(containsName('def parse_args(self):', 'parse_args')).toBe(true);
    expect(containsName('def parse_args_known(self):', 'parse_args')).toBe(false);
    expect(containsName('this.#secret = 1', '#secret')).toBe(true);
    expect(containsName('$foo = 1', 'foo')).toBe(false);
    expect(missingNames('class A: pass', ['A', 'B'])).toEqual(['B']);
  });
});
