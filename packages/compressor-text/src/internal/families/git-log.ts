import { bare, head } from '../lines.js';
import type { Selection } from '../render.js';
import { ALERT } from '../signals.js';
import type { FamilyInput } from './family.js';

/** Compresses the diff part of a commit (the code package's diff logic); undefined keeps it as it is. */
export type DiffDelegate = (diff: string) => Promise<string | undefined>;

const COMMIT = /^[*|\\/ ]*commit [0-9a-f]{7,64}\b/;
const ONELINE = /^[*|\\/ ]*[0-9a-f]{7,40} \S/;
const HEADER = /^[|* ]*(?:Merge|Author|AuthorDate|Commit|CommitDate|Date):\s/;
const STAT = /^[| ]* \S.* \| +(?:\d+ ?[+-]*|Bin .*)$/;
const STAT_SUMMARY = /^[| ]* \d+ files? changed\b/;
const DATE = /^[|* ]*(?:Author)?Date:\s+(?:\w{3} )?(\w{3}) (\d{1,2}) [\d:]+ (\d{4})/;

enum Part {
  Header = 1,
  Message = 2,
  Stat = 3,
  Diff = 4,
  Other = 5,
}

/** `git log` in the medium/full/fuller/raw formats (optionally --graph), with or without --stat or -p; and `git show`. */
export function isCommitLog(sample: readonly string[]): boolean {
  return sample.length > 0 && COMMIT.test(sample[0]!) && sample.slice(1, 6).some((line) => HEADER.test(line));
}

/** `git log --oneline` (optionally --graph --decorate). */
export function isOnelineLog(sample: readonly string[]): boolean {
  return sample.length >= 3 && sample.filter((line) => ONELINE.test(line)).length / sample.length >= 0.9;
}

/**
 * VCS history: the first `headCommits` commits and every commit that matches the query keep their
 * headers, the first `messageLines` lines of their message, the first `statFiles` lines of their
 * --stat and its summary. The first `headPatches` commits' diffs go to the diff logic (context
 * trimmed, generated files collapsed), with the bodies of long added or deleted files collapsed
 * after `newFileLines` lines; later kept commits show each file's `diff --git` line and a marker,
 * unless the file's diff matches the query.
 * Other commits collapse into runs ("25 more commits, Aug 8 2026 to Jan 2 2025").
 */
export async function gitLogSelection({ lines, query, options }: FamilyInput, oneline: boolean, delegate: DiffDelegate | undefined): Promise<Selection> {
  const n = lines.length;
  const keep = new Uint8Array(n);
  const parts = new Uint8Array(n);
  const starts: number[] = [];
  for (let i = 0; i < n; i++) if (oneline ? ONELINE.test(lines[i]!) : COMMIT.test(head(lines[i]!))) starts.push(i);
  const isStart = new Uint8Array(n);
  for (const start of starts) isStart[start] = 1;
  const commitOf = new Int32Array(n).fill(-1);
  const replacements = new Map<number, readonly [number, string]>();
  for (let i = 0; i < (starts[0] ?? n); i++) keep[i] = 1;

  for (let c = 0; c < starts.length; c++) {
    const from = starts[c]!;
    const to = starts[c + 1] ?? n;
    let matched = false;
    for (let i = from; i < to; i++) {
      commitOf[i] = c;
      if (query.matches[i]) matched = true;
    }
    const kept = c < options.headCommits || matched;
    if (oneline) {
      if (kept) keep[from] = 1;
      for (let i = from + 1; i < to; i++) if (kept || ALERT.test(head(lines[i]!))) keep[i] = 1;
      continue;
    }
    classify(lines, parts, from, to);
    if (!kept) continue;
    let message = 0;
    let stat = 0;
    let diffStart = -1;
    for (let i = from; i < to; i++) {
      const part = parts[i]!;
      const line = bare(lines[i]!);
      if (part === Part.Header || part === Part.Other || query.matches[i]) keep[i] = 1;
      else if (part === Part.Message && (line.trim() === '' ? message > 0 && message < options.messageLines : message++ < options.messageLines)) keep[i] = 1;
      else if (part === Part.Stat && (STAT_SUMMARY.test(line) || stat++ < options.statFiles)) keep[i] = 1;
      else if (part === Part.Diff && diffStart < 0) diffStart = i;
    }
    if (diffStart >= 0) await diffPart(lines, keep, diffStart, to, query.matches, options.newFileLines, c < options.headPatches ? delegate : 'files', replacements);
  }

  const describe = (from: number, to: number): string => {
    const commits: number[] = [];
    for (let i = from; i < to; i++) if (isStart[i]) commits.push(i);
    if (commits.length > 0) {
      const dates: string[] = [];
      for (let i = from; i < to; i++) {
        const m = DATE.exec(lines[i]!);
        if (m) dates.push(`${m[1]} ${m[2]} ${m[3]}`);
      }
      const range = dates.length > 1 ? `, ${dates[0]} to ${dates.at(-1)}` : dates.length === 1 ? `, ${dates[0]}` : '';
      return `${commits.length} more commits${range}`;
    }
    const commit = commitOf[from]! >= 0 ? (/[0-9a-f]{7,64}/.exec(lines[starts[commitOf[from]!]!]!)?.[0] ?? '').slice(0, 12) : '';
    const counts = new Map<number, number>();
    for (let i = from; i < to; i++) counts.set(parts[i]!, (counts.get(parts[i]!) ?? 0) + 1);
    const words: string[] = [];
    if (counts.get(Part.Message)) words.push(`${counts.get(Part.Message)} message lines`);
    if (counts.get(Part.Stat)) words.push(`${counts.get(Part.Stat)} files changed`);
    if (counts.get(Part.Diff)) words.push(diffWords(lines, from, to));
    if (words.length === 0) words.push(`${to - from} lines`);
    return `${words.join(', ')}${commit ? ` of commit ${commit}` : ''}`;
  };
  return { lines, keep, describe, kind: 'commits', replacements };
}

function classify(lines: readonly string[], parts: Uint8Array, from: number, to: number): void {
  let inDiff = false;
  let headers = true;
  for (let i = from; i < to; i++) {
    const line = bare(lines[i]!);
    if (line.startsWith('diff --git ') || line.startsWith('diff --cc ') || (line.startsWith('--- ') && lines[i + 1]?.startsWith('+++ '))) inDiff = true;
    if (inDiff) parts[i] = Part.Diff;
    else if (i === from || (headers && HEADER.test(line))) parts[i] = Part.Header;
    else if (STAT.test(line) || STAT_SUMMARY.test(line)) parts[i] = Part.Stat;
    else if (/^[| ]* {4}/.test(line) || line.trim() === '') {
      headers = false;
      parts[i] = Part.Message;
    } else parts[i] = Part.Other;
  }
}

function diffWords(lines: readonly string[], from: number, to: number): string {
  let added = 0;
  let removed = 0;
  const files = new Set<string>();
  for (let i = from; i < to; i++) {
    const line = lines[i]!;
    if (line.startsWith('diff --git ')) files.add(line.replace(/^diff --git a\/(\S+).*$/, '$1'));
    else if (line.startsWith('+') && !line.startsWith('+++ ')) added++;
    else if (line.startsWith('-') && !line.startsWith('--- ')) removed++;
  }
  const where = files.size === 1 ? ` of ${[...files][0]}` : files.size > 1 ? ` in ${files.size} files` : '';
  return `${to - from} diff lines${where} (+${added} -${removed})`;
}

/**
 * The diff of a kept commit, file by file: a long added or deleted file keeps its headers and first
 * `newFileLines` lines (the rest is the file itself, not a change to read); runs of other files go
 * to the diff logic, or stay verbatim without one.
 */
async function diffPart(
  lines: readonly string[],
  keep: Uint8Array,
  from: number,
  to: number,
  matches: Uint8Array,
  newFileLines: number,
  delegate: DiffDelegate | 'files' | undefined,
  replacements: Map<number, readonly [number, string]>,
): Promise<void> {
  const files: number[] = [];
  for (let i = from; i < to; i++) if (lines[i]!.startsWith('diff --')) files.push(i);
  if (files[0] !== from) files.unshift(from);
  let pending = -1;
  const flush = async (end: number) => {
    if (pending < 0) return;
    const start = pending;
    pending = -1;
    const text = typeof delegate === 'function' ? await delegate(lines.slice(start, end).join('\n')) : undefined;
    if (text !== undefined) replacements.set(start, [end, text]);
    else for (let i = start; i < end; i++) keep[i] = 1;
  };
  for (let f = 0; f < files.length; f++) {
    const start = files[f]!;
    const end = files[f + 1] ?? to;
    let body = start;
    while (body < end && !lines[body]!.startsWith('@@')) body++;
    const whole = /^(?:new|deleted) file mode /m.test(lines.slice(start, Math.min(body, start + 6)).join('\n'));
    if (delegate === 'files') {
      // Past the head of the log a file's diff shows only when it matches the query.
      keep[start] = 1;
      let matched = false;
      for (let i = start; i < end; i++) if (matches[i]) matched = true;
      if (matched) for (let i = start; i < end; i++) keep[i] = 1;
      if (end === to && lines[end - 1] === '') keep[end - 1] = 1;
      continue;
    }
    if (!whole || end - body <= newFileLines + 4) {
      if (pending < 0) pending = start;
      continue;
    }
    await flush(start);
    for (let i = start; i <= body && i < end; i++) keep[i] = 1;
    for (let i = body + 1; i < Math.min(end, body + 1 + newFileLines); i++) keep[i] = 1;
    for (let i = body; i < end; i++) if (matches[i] || lines[i]!.startsWith('@@')) keep[i] = 1;
    // A trailing blank line before the next commit stays with it.
    if (end === to && lines[end - 1] === '') keep[end - 1] = 1;
  }
  await flush(to);
}
