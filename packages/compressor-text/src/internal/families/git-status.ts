import { bare } from '../lines.js';
import type { Selection } from '../render.js';
import type { FamilyInput } from './family.js';

const SECTION = /^(?:Changes to be committed|Changes not staged for commit|Untracked files|Unmerged paths|Ignored files):$/;
const LONG_ENTRY = /^\t(?:(new file|modified|deleted|renamed|copied|typechange|both modified|both added|deleted by \w+|added by \w+):\s+)?(\S.*)$/;
const SHORT_ENTRY = /^([ MADRCUT?!]{2}) (\S.*)$/;

export function isGitStatus(sample: readonly string[]): boolean {
  if (sample.some((line) => /^On branch |^HEAD detached |^Your branch |^nothing to commit/.test(line)) && sample.some((line) => SECTION.test(line) || /^nothing to commit/.test(line))) return true;
  return sample.length >= 3 && sample.every((line) => SHORT_ENTRY.test(line) || /^## /.test(line));
}

/**
 * `git status` (long and short formats): branch lines, section headings and git's hints stay; each
 * section (or, in the short format, each status code) keeps its first `headRows` entries and
 * query matches, and the rest collapse ("120 more untracked: 100 .py, 20 .txt").
 */
export function gitStatusSelection({ lines, query, options }: FamilyInput): Selection {
  const n = lines.length;
  const keep = new Uint8Array(n);
  const sectionOf: string[] = new Array(n).fill('');
  const changeOf: string[] = new Array(n).fill('');
  let section = '';
  let seen = 0;
  let lastCode = '';
  for (let i = 0; i < n; i++) {
    const line = bare(lines[i]!);
    const long = LONG_ENTRY.exec(line);
    const short = long ? null : SHORT_ENTRY.exec(line);
    if (SECTION.test(line)) {
      section = line.startsWith('Untracked') ? 'untracked' : line.startsWith('Changes to be') ? 'staged' : line.startsWith('Changes not') ? 'unstaged' : line.slice(0, -1).toLowerCase();
      seen = 0;
    }
    if (long || short) {
      const code = short ? short[1]! : (long![1] ?? section);
      if (short && code !== lastCode) {
        seen = 0;
        lastCode = code;
      }
      sectionOf[i] = short ? `with status ${code.trim() || code}` : section;
      changeOf[i] = short ? code : (long![1] ?? '');
      if (query.matches[i] || seen++ < options.headRows) keep[i] = 1;
    } else keep[i] = 1;
  }
  const describe = (from: number, to: number): string => {
    const changes = new Map<string, number>();
    let count = 0;
    for (let i = from; i < to; i++) {
      if (!sectionOf[i]) continue;
      count++;
      const change = changeOf[i] || extension(lines[i]!);
      changes.set(change, (changes.get(change) ?? 0) + 1);
    }
    const top = [...changes]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, 3)
      .map(([change, k]) => `${k} ${change.trim() || change}`);
    return `${count} more ${sectionOf[from] || 'entries'}: ${top.join(', ')}`;
  };
  return { lines, keep, describe, kind: 'status' };
}

function extension(line: string): string {
  const m = /\.([A-Za-z0-9]{1,6})\r?$/.exec(line);
  return m ? `.${m[1]}` : line.endsWith('/') ? 'dirs' : 'other';
}
