/**
 * Lines that report a problem, in free-form command output (not in listing entries or table rows,
 * where a file or package may be called `errors.py` or `libgpg-error0`).
 */
export const ALERT =
  /\b(?:errors?|err!|fatal|fail|failed|failures?|failing|panic|panicked|exception|traceback|warnings?|warn|critical|denied|abort(?:ed)?|segmentation fault|cannot|can't|couldn't|unable to|not found|undefined reference|unmet|conflicts?|deprecat\w*|vulnerabilit\w*|assert\w*)\b|^[EW]: |[✗✕✖×]|^\s*\d+\) /i;

// Every alternative but one holds at the start of the line: one anchored pattern tries them there
// only, instead of at every position of every line (it is tested on each line of a listing).
const SUMMARY_AT_START = [
  String.raw`Ran \d+ tests? in `,
  String.raw`(?:OK|FAILED|PASSED)(?: \(.*\))?$`,
  String.raw`=+ .*\b(?:passed|failed|errors?|skipped|deselected|xfailed|xpassed|warnings?|no tests ran)\b.*=+$`,
  String.raw`=+ (?:short test summary info|FAILURES|ERRORS|warnings summary) =+$`,
  String.raw`\s*(?:Test Files|Tests|Test Suites|Snapshots|Time|Duration|Start at)\s`,
  String.raw`\s*\d+ (?:passing|failing|pending)\b`,
  String.raw`(?:PASS|FAIL)$`,
  String.raw`(?:ok|FAIL)\s+\S+\s+(?:[\d.]+s|\(cached\))`,
  String.raw`test result: `,
  String.raw`Found \d+ errors?\b`,
  String.raw`✖ \d+ problems?`,
  String.raw`(?:added|removed|changed|audited) \d+ packages?`,
  String.raw`up to date\b`,
  String.raw`Successfully (?:installed|built|uninstalled)`,
  String.raw`\d+ upgraded, \d+ newly installed`,
  String.raw`Done in `,
  String.raw`Packages: `,
  String.raw`found \d+ vulnerabilit`,
  String.raw`\d+ packages? (?:are|is) looking for funding`,
  String.raw`\s*Finished `,
  String.raw`BUILD (?:SUCCESSFUL|FAILED)`,
  String.raw`make(?:\[\d+\])?: \*\*\*`,
  String.raw`Installing collected packages`,
  String.raw`Need to get `,
  String.raw`After this operation`,
  String.raw`\d+ director(?:y|ies), \d+ files?$`,
];
/** Anywhere in the line (clang: `3 errors generated.` after the file name). */
const GENERATED = /\d+ (?:errors?|warnings?) generated/;
const AT_START = new RegExp(`^(?:${SUMMARY_AT_START.join('|')})`);

/**
 * Summary lines of test runners, compilers, linters and installers: kept verbatim, always. The
 * one pattern that may sit anywhere is looked for only in lines that hold its last word.
 */
export const SUMMARY: { test(line: string): boolean } = {
  test: (line) => AT_START.test(line) || (line.includes(' generated') && GENERATED.test(line)),
};
