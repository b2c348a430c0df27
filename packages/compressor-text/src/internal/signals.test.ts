import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SUMMARY } from './signals.js';

/** The summary pattern as first written, every alternative tried at every position. */
const REFERENCE = new RegExp(
  [
    String.raw`^Ran \d+ tests? in `,
    String.raw`^(?:OK|FAILED|PASSED)(?: \(.*\))?$`,
    String.raw`^=+ .*\b(?:passed|failed|errors?|skipped|deselected|xfailed|xpassed|warnings?|no tests ran)\b.*=+$`,
    String.raw`^=+ (?:short test summary info|FAILURES|ERRORS|warnings summary) =+$`,
    String.raw`^\s*(?:Test Files|Tests|Test Suites|Snapshots|Time|Duration|Start at)\s`,
    String.raw`^\s*\d+ (?:passing|failing|pending)\b`,
    String.raw`^(?:PASS|FAIL)$`,
    String.raw`^(?:ok|FAIL)\s+\S+\s+(?:[\d.]+s|\(cached\))`,
    String.raw`^test result: `,
    String.raw`^Found \d+ errors?\b`,
    String.raw`^✖ \d+ problems?`,
    String.raw`\d+ (?:errors?|warnings?) generated`,
    String.raw`^(?:added|removed|changed|audited) \d+ packages?`,
    String.raw`^up to date\b`,
    String.raw`^Successfully (?:installed|built|uninstalled)`,
    String.raw`^\d+ upgraded, \d+ newly installed`,
    String.raw`^Done in `,
    String.raw`^Packages: `,
    String.raw`^found \d+ vulnerabilit`,
    String.raw`^\d+ packages? (?:are|is) looking for funding`,
    String.raw`^\s*Finished `,
    String.raw`^BUILD (?:SUCCESSFUL|FAILED)`,
    String.raw`^make(?:\[\d+\])?: \*\*\*`,
    String.raw`^Installing collected packages`,
    String.raw`^Need to get `,
    String.raw`^After this operation`,
    String.raw`^\d+ director(?:y|ies), \d+ files?$`,
  ].join('|'),
);

const SUMMARIES = [
  'Ran 166 tests in 0.120s',
  'FAILED (failures=1)',
  '=== 1 failed, 29 passed in 0.12s ===',
  '  Tests  2 failed | 40 passed',
  'test result: ok. 3 passed',
  'Found 482 errors in 14 files.',
  'clinic.test.c: 20 errors generated.',
  'x 3 warnings generated\r',
  'added 500 packages in 3s',
  '3 upgraded, 5 newly installed, 0 to remove',
  '12 directories, 80 files',
  'ok  \tgithub.com/x/y\t0.012s',
];

describe('SUMMARY, anchored', () => {
  it('matches exactly the lines the unanchored pattern matched: real text and summaries', () => {
    const dir = '/usr/share/doc/git/RelNotes';
    const lines = readdirSync(dir)
      .slice(0, 80)
      .flatMap((name) => readFileSync(join(dir, name), 'utf8').split('\n'));
    expect(lines.length).toBeGreaterThan(2000);
    for (const line of [...lines, ...SUMMARIES, ...SUMMARIES.map((s) => ` ${s}`), ...SUMMARIES.map((s) => `${s}\u2028tail`)]) {
      expect(SUMMARY.test(line), line).toBe(REFERENCE.test(line));
    }
    expect(SUMMARIES.every((line) => SUMMARY.test(line))).toBe(true);
  });

  it('matches exactly the lines the unanchored pattern matched: arbitrary lines of summary words', () => {
    const words = fc.constantFrom('Ran', ' ', '3', '12', 'tests', 'errors', 'error', 'generated', 'warnings', '\r', '\u2028', 'FAILED', 'OK', '===', 'passed', '(x)', 'directories,', 'files', '\t');
    fc.assert(
      fc.property(fc.array(words, { maxLength: 12 }), (parts) => {
        const line = parts.join(parts.length % 2 ? ' ' : '');
        return SUMMARY.test(line) === REFERENCE.test(line);
      }),
      { numRuns: 5000 },
    );
  });
});
