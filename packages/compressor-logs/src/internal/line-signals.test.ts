import { describe, expect, it } from 'vitest';
import { findStackTraces, isWarningOrWorse } from './line-signals.js';

describe('isWarningOrWorse', () => {
  it('finds levels in the formats Loghub has', () => {
    for (const line of [
      '081109 214043 2561 WARN dfs.DataNode$DataXceiver: 10.251.30.85:50010:Got exception while serving blk_1',
      '[Sun Dec 04 04:47:44 2005] [error] mod_jk child workerEnv in error state 6',
      '03-17 16:13:38.935  1702  3697 W ActivityManager: getRunningAppProcesses: caller 10113',
      '2016-09-28 04:30:31, Warning               CBS    Failed to internally open package.',
      '- 1117838570 2005.06.03 R02-M1-N0-C:J12-U11 2005-06-03-15.42.50.675872 R02-M1-N0-C:J12-U11 RAS KERNEL FATAL data TLB error interrupt',
      '{"ts":"2024-01-01T00:00:00Z","level":"error","msg":"boom"}',
      'java.net.ConnectException: Connection refused',
      'warning: unused variable: `x`',
      'error[E0382]: borrow of moved value: `v`',
    ]) {
      expect([line, isWarningOrWorse(line)]).toEqual([line, true]);
    }
  });

  it('does not take the word "error" in an INFO message for a level', () => {
    expect(isWarningOrWorse('- 1117838570 2005.06.03 R02-M1-N0-C:J12-U11 RAS KERNEL INFO instruction cache parity error corrected')).toBe(false);
    expect(isWarningOrWorse('03-17 16:13:38.811  1702  2395 D WindowManager: printFreezingDisplayLogs')).toBe(false);
  });
});

describe('findStackTraces', () => {
  it('spans a Java trace from the line naming the exception through Caused by and ... more', () => {
    const lines = ['INFO start', 'ERROR failed', 'java.io.IOException: x', '\tat a.B.c(B.java:1)', '\tat a.B.d(B.java:2)', 'Caused by: java.lang.NullPointerException', '\t... 3 more', 'INFO next'];
    expect(findStackTraces(lines)).toEqual([[2, 6]]);
  });

  it('spans a Python traceback through its final exception line', () => {
    const lines = ['INFO start', 'Traceback (most recent call last):', '  File "a.py", line 1, in <module>', '    main()', 'ValueError: bad', 'INFO next'];
    expect(findStackTraces(lines)).toEqual([[1, 4]]);
  });

  it('finds nothing in a plain log', () => {
    expect(findStackTraces(['INFO a', 'WARN b', 'ERROR c'])).toEqual([]);
  });
});
