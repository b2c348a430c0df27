import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runProgram } from '../../testing/run-compressor.js';
import { extensionOf, treeName } from './entry-name.js';

/** The two as first written, with regular expressions only: the faster ones must agree on every name. */
const reference = {
  extensionOf(name: string): string {
    if (/@\d/.test(name)) return 'packages';
    const m = /\.([A-Za-z0-9]*[A-Za-z][A-Za-z0-9]*)$/.exec(name);
    return m && m[1]!.length <= 6 ? `.${m[1]!.toLowerCase()}` : 'other';
  },
  treeName: (entry: string) => entry.replace(/\s+(?:deduped|extraneous|invalid.*|UNMET.*)$/, '').replace(/\/$/, ''),
};

describe('entry names', () => {
  it('agree with the regular expressions on real names: pyenv, Debian docs, npm ls in this workspace', () => {
    const names = runProgram('find /root/.pyenv/versions/3.11.7/lib/python3.11/email /usr/share/doc/git /usr/share/doc/apt -printf "%f\\n"').split('\n');
    const entries = runProgram('npm ls --all 2>&1 | head -400', new URL('../../..', import.meta.url).pathname)
      .split('\n')
      .map((line) => line.replace(/^[│├└─┬\s]+/, ''));
    expect(names.length).toBeGreaterThan(200);
    expect(entries.some((entry) => /deduped|UNMET|invalid/.test(entry))).toBe(true);
    for (const name of [...names, ...entries]) {
      expect(extensionOf(name), name).toBe(reference.extensionOf(name));
      expect(treeName(name), name).toBe(reference.treeName(name));
    }
  });

  it('agree with the regular expressions on arbitrary names', () => {
    const piece = fc.constantFrom('a', 'Z', '9', '.', '@', '@1', '/', ' ', '\t', '\r', '\u00e9', 'deduped', ' deduped', ' invalid: x', ' UNMET DEPENDENCY', 'extraneous', 'tar', 'gz', '-', '_');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 14 }), (pieces) => {
        const name = pieces.join('');
        return extensionOf(name) === reference.extensionOf(name) && treeName(name) === reference.treeName(name);
      }),
      { numRuns: 5000 },
    );
  });
});
