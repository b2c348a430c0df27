import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lineDiff } from './line-diff.js';

// A real file from Python's standard library, edited the way an agent edits a file.
const source = readFileSync(`${process.env.PYTHON_STDLIB ?? '/usr/lib/python3.11'}/textwrap.py`, 'utf8').split('\n');

/** Applies hunks to `before`: the diff must rebuild `after` exactly. */
function apply(before: readonly string[], hunks: NonNullable<ReturnType<typeof lineDiff>>): string[] {
  const out: string[] = [];
  let i = 0;
  for (const hunk of hunks) {
    while (i < hunk.oldStart - 1) out.push(before[i++]!);
    expect(before.slice(i, i + hunk.removed.length)).toEqual(hunk.removed);
    i += hunk.removed.length;
    out.push(...hunk.added);
  }
  while (i < before.length) out.push(before[i++]!);
  return out;
}

describe('lineDiff', () => {
  it('finds the edited, inserted and deleted lines of a real file, and they rebuild it', () => {
    const after = [...source];
    after[40] = `${after[40]}  # edited`;
    after.splice(200, 0, 'inserted line one', 'inserted line two');
    after.splice(300, 3);
    const hunks = lineDiff(source, after, 50)!;
    expect(hunks).toHaveLength(3);
    expect(hunks[0]).toMatchObject({ oldStart: 41, newStart: 41, removed: [source[40]], added: [after[40]] });
    expect(apply(source, hunks)).toEqual(after);
  });

  it('is empty for identical input and gives up past the edit budget', () => {
    expect(lineDiff(source, source, 10)).toEqual([]);
    const shuffled = source.map((line, i) => (i % 2 === 0 ? `${line}!` : line));
    expect(lineDiff(source, shuffled, 10)).toBeUndefined();
  });

  it('handles empty sides', () => {
    expect(apply([], lineDiff([], ['a', 'b'], 5)!)).toEqual(['a', 'b']);
    expect(apply(['a', 'b'], lineDiff(['a', 'b'], [], 5)!)).toEqual([]);
  });
});
