import { describe, expect, it } from 'vitest';
import { missingLines, missingSignals, problemMessage } from './visible-lines.js';

const marker = (summary: string) => `<<headroom: ${summary} ref=0123456789abcdef01234567>>`;

describe('signal lines: a repeated problem counts when its message is shown and its file named', () => {
  it('reads the message without the location of tsc, tsc --pretty and gcc, and npm missing/invalid packages as one problem', () => {
    expect(problemMessage("src/a.js(56,17): error TS7006: Parameter 'x' implicitly has an 'any' type.")).toEqual({ message: "error TS7006: Parameter 'x' implicitly has an 'any' type.", file: 'src/a.js' });
    expect(problemMessage("\x1b[96msrc/a.js\x1b[0m:\x1b[93m56\x1b[0m:\x1b[93m17\x1b[0m - \x1b[91merror\x1b[0m TS7006: Parameter 'x'").message).toBe("error TS7006: Parameter 'x'");
    expect(problemMessage('/tmp/c.c:33:28: error: unknown type name ‘PyObject’')).toEqual({ message: 'error: unknown type name ‘PyObject’', file: '/tmp/c.c' });
    expect(problemMessage('│ ├── UNMET DEPENDENCY tape@^5.9.0').message).toBe(problemMessage('npm error missing: tape@^5.9.0, required by qs@6.14.0').message);
  });

  it('a repeat is satisfied by the same message on another visible line plus its file named in a marker, not otherwise', () => {
    const first = "src/a.js(1,1): error TS2304: Cannot find name 'setImmediate'.";
    const again = "src/b.js(9,3): error TS2304: Cannot find name 'setImmediate'.";
    const other = "src/b.js(9,3): error TS2304: Cannot find name 'clearImmediate'.";
    expect(missingSignals(`${first}\n${marker('1 repeat of problems shown in src/b.js (1 TS2304), at 9')}`, [first, again])).toEqual([]);
    expect(missingSignals(`${first}\n${marker('1 repeat of problems shown (1 TS2304)')}`, [again])).toEqual([again]);
    expect(missingSignals(`${first}\n${marker('src/b.js')}`, [other])).toEqual([other]);
    // Query lines stay strict: only a whole visible line counts.
    expect(missingLines(`${first}\n${marker('src/b.js')}`, [again])).toEqual([again]);
  });
});
