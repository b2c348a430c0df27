import { describe, expect, it } from 'vitest';
import { formatInt, formatPercent, formatSpeed, formatTarget, markdownTable } from './table.js';

describe('markdownTable', () => {
  it('renders a header, an alignment rule and one line per row', () => {
    const table = markdownTable(['input', 'tokens'], [['a.json', '1,200'], ['b.json', '34']], ['left', 'right']);
    expect(table).toBe(['| input | tokens |', '|---|---:|', '| a.json | 1,200 |', '| b.json | 34 |'].join('\n'));
  });

  it('escapes pipes and flattens newlines inside cells', () => {
    expect(markdownTable(['x'], [['a|b\nc']])).toBe('| x |\n|---|\n| a\\|b c |');
  });

  it('pads short rows to the header width', () => {
    expect(markdownTable(['a', 'b'], [['1']])).toBe('| a | b |\n|---|---|\n| 1 |  |');
  });
});

describe('formatters', () => {
  it('format numbers for the report', () => {
    expect(formatInt(1234567.4)).toBe('1,234,567');
    expect(formatPercent(0.92345)).toBe('92.3%');
    expect(formatPercent(Number.NaN)).toBe('n/a');
    expect(formatSpeed(123.4)).toBe('123');
    expect(formatSpeed(45.67)).toBe('45.7');
    expect(formatSpeed(4.567)).toBe('4.57');
  });

  it('prints PASS/FAIL lines', () => {
    expect(formatTarget({ name: 'speed', pass: true, detail: '31 MB/s' })).toBe('PASS  speed: 31 MB/s');
    expect(formatTarget({ name: 'speed', pass: false, detail: '3 MB/s' })).toBe('FAIL  speed: 3 MB/s');
  });
});
