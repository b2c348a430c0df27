import { execFileSync } from 'node:child_process';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectLanguageWith } from './detect-language.js';
import { type Backend, nativeBackend } from './internal/backend.js';
import { packageFile, read, stdlibFile } from './real-inputs.test-helpers.js';

/** The native parser, counting the parses it is asked for. */
function countingBackend(): { backend: Backend; parses: () => number } {
  const native = nativeBackend();
  if (!native) throw new Error('the tree-sitter addon does not load here');
  let parses = 0;
  return {
    backend: {
      kind: native.kind,
      parse(text, language, abortAt) {
        parses++;
        return native.parse(text, language, abortAt);
      },
    },
    parses: () => parses,
  };
}

const grep = (cwd: string, args: readonly string[]) => execFileSync('grep', args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });

describe('search output over code is told from code before any parse', () => {
  it('gives grep, grep -C and git-grep-shaped output of real code no confidence, without parsing it', () => {
    const python = dirname(stdlibFile('json/__init__.py'));
    const undici = dirname(dirname(packageFile('undici', 'lib/core/util.js')));
    const outputs = [
      grep(python, ['-rn', 'def ', '.']),
      grep(python, ['-rn', '-C2', 'return', '.']),
      grep(python, ['-n', 'def ', 'encoder.py']),
      grep(undici, ['-rn', 'function', '--include=*.js', '.']),
      grep(undici, ['-rn', '-C3', 'redirect', '--include=*.js', '.']),
      // git grep REV: `HEAD:path:12:text`
      grep(undici, ['-rn', 'const ', '--include=*.js', '.'])
        .split('\n')
        .map((line) => (line ? `HEAD:${line}` : line))
        .join('\n'),
    ];
    for (const output of outputs) {
      expect(output.split('\n').length).toBeGreaterThan(10);
      const { backend, parses } = countingBackend();
      expect(detectLanguageWith(output, undefined, backend)).toBeUndefined();
      expect(parses()).toBe(0);
    }
  });

  it('still parses and recognizes the files those searches ran over', () => {
    for (const file of [stdlibFile('json/encoder.py'), stdlibFile('argparse.py'), packageFile('undici', 'lib/core/util.js'), packageFile('typescript', 'lib/lib.es5.d.ts')]) {
      const { backend, parses } = countingBackend();
      expect(detectLanguageWith(read(file), undefined, backend)?.language).toMatch(/python|typescript|javascript/);
      expect(parses()).toBeGreaterThan(0);
    }
  });
});
