import { head } from '../lines.js';
import type { Selection } from '../render.js';
import type { FamilyInput } from './family.js';

// `3f2a9c1d (Jane Doe 2024-01-02 10:00:00 +0100 12) code` and `^3f2a9c1 path (Jane …)`.
const BLAME = /^\^?([0-9a-f]{7,64})\s+(?:\S+\s+)?\((.*?)\s+(\d{4}-\d\d-\d\d)[ T][\d:]+ [+-]\d{4}\s+(\d+)\)/;

export function isGitBlame(sample: readonly string[]): boolean {
  return sample.length >= 3 && sample.filter((line) => BLAME.test(line)).length / sample.length >= 0.9;
}

/**
 * `git blame`: each run of consecutive lines from the same commit keeps its first
 * `blameRunLines` lines (which show the commit, author and date) and query matches; the rest of
 * the run collapses ("40 more lines from 3f2a9c1, Jane Doe 2024-01-02").
 */
export function gitBlameSelection({ lines, query, options }: FamilyInput): Selection {
  const n = lines.length;
  const keep = new Uint8Array(n);
  const commits: string[] = new Array(n).fill('');
  let last = '';
  let seen = 0;
  for (let i = 0; i < n; i++) {
    const m = BLAME.exec(head(lines[i]!));
    commits[i] = m ? m[1]! : '';
    if (!m) {
      keep[i] = 1;
      continue;
    }
    if (m[1] !== last) seen = 0;
    last = m[1]!;
    if (seen++ < options.blameRunLines || query.matches[i]) keep[i] = 1;
  }
  const describe = (from: number, to: number): string => {
    const first = BLAME.exec(head(lines[from]!));
    const distinct = new Set(commits.slice(from, to)).size;
    return distinct === 1 && first ? `${to - from} more lines from ${first[1]!.slice(0, 12)}, ${first[2]!.trim().slice(0, 40)} ${first[3]}` : `${to - from} more lines from ${distinct} commits`;
  };
  return { lines, keep, describe, kind: 'blame' };
}
