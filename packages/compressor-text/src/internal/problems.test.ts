import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { describeRepeats, markRepeats, problemOf } from './problems.js';

/** gcc over CPython's clinic test file: hundreds of errors, a few messages, one file. */
function gccErrors(): string[] {
  try {
    execFileSync('gcc', ['-fsyntax-only', '/root/.pyenv/versions/3.13.0/lib/python3.13/test/clinic.test.c'], { encoding: 'utf8', stdio: 'pipe', maxBuffer: 64 * 1024 * 1024 });
    return [];
  } catch (error) {
    return String((error as { stderr?: string }).stderr ?? '').split('\n');
  }
}

describe('describeRepeats', () => {
  it('names the one file and its distinct line numbers in order while they fit, then ",…"', () => {
    const problems = ['56,17', '56,30', '57,2', '1200,4', '1201,1', '1300,8', '1301,8', '1302,8', '1303,8', '1304,8', '1305,8', '1306,8', '1307,8', '1308,8', '1400,1', '1500,1', '1600,1', '1700,1'].map((at) => ({ key: 'error TS7006: x', file: 'src/a.js', at }));
    expect(describeRepeats(problems)).toBe('18 repeats of problems shown in src/a.js (18 TS7006), at 56,57,1200,1201,1300,1301,1302,1303,1304,1305,1306,1307,1308,…');
  });

  it('names several files (first three, in order) and no line numbers', () => {
    const problems = ['a.c', 'b.c', 'a.c', 'c.c', 'd.c'].map((file, i) => ({ key: `error: bad ${i % 2}`, file, at: `${i + 1}:1` }));
    expect(describeRepeats(problems, ', 3 lines of their context')).toBe('5 repeats of problems shown in 4 files: a.c, b.c, c.c, … (3 error: bad 0, 2 error: bad 1), 3 lines of their context');
  });

  it('says nothing of lines when no problem has a location (npm ls)', () => {
    const problems = ['UNMET DEPENDENCY x@^1', 'UNMET DEPENDENCY x@^1', 'UNMET OPTIONAL DEPENDENCY y@2'].map((line) => problemOf(`├── ${line}`));
    expect(describeRepeats(problems)).toBe('3 repeats of problems shown (2 unmet, 1 unmet optional)');
  });

  it('on a real gcc flood: every repeat counted, the file named once', () => {
    const lines = gccErrors().filter((line) => / error: /.test(line));
    expect(lines.length).toBeGreaterThan(100);
    const { repeat, problems } = markRepeats(lines, lines.keys());
    const repeats = [...lines.keys()].filter((i) => repeat[i]).map((i) => problems[i]!);
    const text = describeRepeats(repeats);
    expect(text).toMatch(new RegExp(`^${repeats.length} repeats of problems shown in /root/\\S+/clinic\\.test\\.c \\(`));
    expect(text).toMatch(/, at \d+(?:,\d+)*,…$/);
  });
});
