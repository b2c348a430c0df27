import { describe, expect, it } from 'vitest';
import { checkLoghubNeedles, isWarningLevel, loghubNeedles } from './loghub-needles.js';

const lines = [
  { text: 'INFO a 1', eventId: 'E1', content: 'INFO a 1', level: 'INFO' },
  { text: 'INFO a 2', eventId: 'E1', content: 'INFO a 2', level: 'INFO' },
  { text: 'INFO a 3', eventId: 'E1', content: 'INFO a 3', level: 'INFO' },
  { text: 'WARN disk 91%', eventId: 'E2', content: 'WARN disk 91%', level: 'WARN' },
  { text: 'WARN disk 95%', eventId: 'E2', content: 'WARN disk 95%', level: 'WARN' },
  { text: 'WARN disk 97%', eventId: 'E2', content: 'WARN disk 97%', level: 'WARN' },
  { text: 'INFO rare thing', eventId: 'E3', content: 'INFO rare thing', level: 'INFO' },
];

describe('Loghub needles', () => {
  it('takes every line of templates seen at most twice, and groups warning-level templates', () => {
    const needles = loghubNeedles(lines);
    expect(needles.rareLines).toEqual(['INFO rare thing']);
    expect([...needles.warningTemplates.keys()]).toEqual(['E2']);
  });

  it('counts a warning template visible when any one of its lines is', () => {
    const report = checkLoghubNeedles('template a <*>\nWARN disk 95%\n', loghubNeedles(lines));
    expect(report).toEqual({ rareVisible: 0, rareTotal: 1, warningVisible: 1, warningTotal: 1, warningMissing: [] });
  });

  it('reads the level spellings of the Loghub systems', () => {
    expect(['W', 'E', 'F', 'error', 'WARNING', 'SEVERE', 'FAILURE', 'Warning'].every(isWarningLevel)).toBe(true);
    expect(['I', 'D', 'V', 'INFO', 'notice', 'Info', 'combo', undefined].some(isWarningLevel)).toBe(false);
  });
});
