import { describe, expect, it } from 'vitest';
import { changedLines, isGeneratedPath } from './diff-lines.js';

const DIFF = [
  'diff --git a/src/a.ts b/src/a.ts',
  '--- a/src/a.ts',
  '+++ b/src/a.ts',
  '@@ -1,3 +1,3 @@',
  ' keep',
  '--- a removed line that looks like a header',
  '+++ an added line that looks like a header',
  ' keep',
  'diff --git a/pnpm-lock.yaml b/pnpm-lock.yaml',
  '--- a/pnpm-lock.yaml',
  '+++ b/pnpm-lock.yaml',
  '@@ -10 +10 @@',
  '-  version: 1.0.0',
  '+  version: 1.0.1',
  '\\ No newline at end of file',
].join('\n');

describe('changedLines', () => {
  it('uses hunk counts, so changed lines that look like headers are kept', () => {
    expect(changedLines(DIFF)).toEqual([
      { file: 'src/a.ts', line: '--- a removed line that looks like a header' },
      { file: 'src/a.ts', line: '+++ an added line that looks like a header' },
      { file: 'pnpm-lock.yaml', line: '-  version: 1.0.0' },
      { file: 'pnpm-lock.yaml', line: '+  version: 1.0.1' },
    ]);
  });

  it('tells generated files from written ones', () => {
    expect(isGeneratedPath('pnpm-lock.yaml')).toBe(true);
    expect(isGeneratedPath('packages/x/dist/index.js')).toBe(true);
    expect(isGeneratedPath('src/pnpm-lock-parser.ts')).toBe(false);
  });
});
