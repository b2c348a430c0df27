import { type CompressContext, type CompressResult, compressed, skipped } from '@headroom/core';
import type { ResolvedCodeOptions } from '../code-compressor-options.js';

// Lock files, bundles, source maps and snapshots: machine-written, and what an agent least needs.
const GENERATED_FILES = [
  /(^|\/)(package-lock\.json|npm-shrinkwrap\.json|pnpm-lock\.yaml|yarn\.lock|bun\.lockb?|deno\.lock|Cargo\.lock|Gemfile\.lock|composer\.lock|poetry\.lock|Pipfile\.lock|uv\.lock|go\.sum|flake\.lock|packages\.lock\.json|Podfile\.lock|pubspec\.lock|mix\.lock)$/,
  /\.min\.(js|mjs|cjs|css)$/,
  /\.(js|css)\.map$|\.map$/,
  /(^|\/)__snapshots__\/|\.snap$/,
];
const MIN_SAVING = 0.05;
const HUNK_HEADER = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

/** A marker line of the length context trims produce: a run is trimmed only when it weighs twice that. */
const MARKER_SAMPLE = '<<headroom: 12 unchanged lines, new 1200-1211 ref=0123456789abcdef01234567>>';

/**
 * Unified diff → the same diff with every file header, hunk header, added and removed line, and
 * binary notice kept; unchanged context beyond `diffContextLines` around each change goes behind
 * a marker line, and whole generated files collapse to their `diff --git` line plus one marker.
 */
export function compressDiff(text: string, context: CompressContext, options: ResolvedCodeOptions): CompressResult {
  const lines = text.split('\n');
  if (lines.length < options.minDiffLines) return skipped(`too small: ${lines.length} lines (minDiffLines ${options.minDiffLines})`);
  const generated = [...GENERATED_FILES, ...options.generatedFiles.map((source) => new RegExp(source))];
  const out: string[] = [];
  let omissions = 0;
  const markerCost = context.tokenizer.estimate(MARKER_SAMPLE);

  const offloadLines = (from: number, to: number, summary: string, kind: string) => {
    omissions++;
    return context.offload(lines.slice(from, to).join('\n'), { summary, kind });
  };

  let i = 0;
  while (i < lines.length) {
    const start = fileStart(lines, i);
    if (start === undefined) {
      out.push(lines[i]!);
      i++;
      continue;
    }
    const end = fileEnd(lines, start.headerEnd);
    const path = start.path;
    if (path !== undefined && generated.some((pattern) => pattern.test(path))) {
      const stats = changeStats(lines, start.headerEnd, end);
      const keep = start.gitHeader ? 1 : start.headerEnd - i;
      pushAll(out, lines, i, i + keep);
      out.push(offloadLines(i + keep, end, `generated file ${path}: ${stats.hunks} hunks, +${stats.added} -${stats.removed}, diff lines ${i + keep + 1}-${end}`, 'generated'));
      i = end;
      continue;
    }
    pushAll(out, lines, i, start.headerEnd);
    i = start.headerEnd;
    while (i < end) {
      const line = lines[i]!;
      const header = HUNK_HEADER.exec(line);
      if (header) {
        out.push(line);
        const stop = hunkEnd(lines, i, header);
        hunk(i + 1, stop, Number(header[3]));
        i = stop;
      } else if (line === 'GIT binary patch' && end - i > 2) {
        out.push(line);
        out.push(offloadLines(i + 1, end, `binary patch data, diff lines ${i + 2}-${end}`, 'binary'));
        i = end;
      } else {
        out.push(line);
        i++;
      }
    }
  }

  /** Copies the hunk body `from`..`end`, trimming context runs. */
  function hunk(from: number, end: number, newStart: number): void {
    let i = from;
    let newLine = newStart;
    let run: { start: number; newLine: number } | undefined;
    const flush = (runEnd: number, beforeChange: boolean) => {
      if (!run) return;
      const length = runEnd - run.start;
      const afterChange = run.start > from;
      const head = afterChange ? options.diffContextLines : 0;
      const tail = beforeChange ? options.diffContextLines : 0;
      if (length > head + tail && context.tokenizer.estimate(lines.slice(run.start + head, runEnd - tail).join('\n')) >= markerCost * 2) {
        pushAll(out, lines, run.start, run.start + head);
        const first = run.newLine + head;
        const last = run.newLine + length - tail - 1;
        out.push(offloadLines(run.start + head, runEnd - tail, `${length - head - tail} unchanged lines, new ${first}-${last}`, 'context'));
        pushAll(out, lines, runEnd - tail, runEnd);
      } else {
        pushAll(out, lines, run.start, runEnd);
      }
      run = undefined;
    };
    while (i < end) {
      const line = lines[i]!;
      const first = line[0];
      if (first === ' ' || line === '' || line === '\r') {
        run ??= { start: i, newLine };
        newLine++;
      } else if (first === '+' || first === '-' || first === '\\') {
        flush(i, true);
        out.push(line);
        if (first === '+') newLine++;
      }
      i++;
    }
    flush(i, false);
  }

  if (omissions === 0) return skipped('nothing to trim: no long context runs or generated files');
  const output = out.join('\n');
  // A few trimmed runs on a diff that is nearly all changes save less than their markers' noise.
  const before = context.tokenizer.estimate(text);
  if (context.tokenizer.estimate(output) > before * (1 - MIN_SAVING)) return skipped(`nothing worth trimming: under ${MIN_SAVING * 100}% of the diff is unchanged context`);
  return compressed(output);
}

/** `out.push(...lines.slice(from, to))` without spreading: a spread passes every line as an argument and overflows the stack past ~100k. */
function pushAll(out: string[], lines: readonly string[], from: number, to: number): void {
  for (let i = from; i < to; i++) out.push(lines[i]!);
}

interface FileStart {
  /** Index of the first line after the file's headers. */
  readonly headerEnd: number;
  readonly path: string | undefined;
  readonly gitHeader: boolean;
}

/** Recognizes a file section starting at `i`: `diff --git a/x b/x` plus extended headers, or `--- a/x` + `+++ b/x`. */
function fileStart(lines: readonly string[], i: number): FileStart | undefined {
  const line = lines[i]!.replace(/\r$/, '');
  if (line.startsWith('diff --git ')) {
    let j = i + 1;
    let path = /^diff --git "?a\/.*? "?b\/(.*?)"?$/.exec(line)?.[1];
    while (j < lines.length && !lines[j]!.startsWith('@@') && !lines[j]!.startsWith('diff --git ') && isExtendedHeader(lines[j]!)) {
      const plus = /^\+\+\+ "?(?:b\/)?(.*?)"?\r?$/.exec(lines[j]!);
      if (plus?.[1] && plus[1] !== '/dev/null') path = plus[1];
      j++;
    }
    return { headerEnd: j, path, gitHeader: true };
  }
  if (line.startsWith('--- ') && lines[i + 1]?.startsWith('+++ ') && HUNK_HEADER.test(lines[i + 2] ?? '')) {
    const path = /^\+\+\+ (?:b\/)?([^\s]+)/.exec(lines[i + 1]!)?.[1];
    return { headerEnd: i + 2, path, gitHeader: false };
  }
  return undefined;
}

function isExtendedHeader(line: string): boolean {
  return /^(index |old mode |new mode |deleted file mode |new file mode |similarity index |dissimilarity index |rename from |rename to |copy from |copy to |--- |\+\+\+ |Binary files )/.test(line);
}

/** The section ends where the next file starts or at the first line that belongs to no hunk. */
function fileEnd(lines: readonly string[], from: number): number {
  let i = from;
  while (i < lines.length) {
    const line = lines[i]!;
    const header = HUNK_HEADER.exec(line);
    if (header) i = hunkEnd(lines, i, header);
    else if (line === 'GIT binary patch') {
      i++;
      while (i < lines.length && BINARY_PATCH_LINE.test(lines[i]!)) i++;
    } else return i;
  }
  return i;
}

const BINARY_PATCH_LINE = /^(literal \d+|delta \d+|[A-Za-z][\x21-\x7e]*|)$/;

/** Index after the hunk whose header is at `at`, walked by its line counts so `--- x` inside a hunk is not a header. */
function hunkEnd(lines: readonly string[], at: number, header: RegExpExecArray): number {
  let oldLeft = header[2] === undefined ? 1 : Number(header[2]);
  let newLeft = header[4] === undefined ? 1 : Number(header[4]);
  let i = at + 1;
  while (i < lines.length) {
    const line = lines[i]!;
    const first = line[0];
    if (first === '\\') {
      i++;
      continue;
    }
    if (oldLeft <= 0 && newLeft <= 0) break;
    if (first === ' ' || line === '' || line === '\r') {
      oldLeft--;
      newLeft--;
    } else if (first === '-') oldLeft--;
    else if (first === '+') newLeft--;
    else break;
    i++;
  }
  return i;
}

function changeStats(lines: readonly string[], from: number, to: number): { hunks: number; added: number; removed: number } {
  let hunks = 0;
  let added = 0;
  let removed = 0;
  for (let i = from; i < to; i++) {
    const line = lines[i]!;
    if (line.startsWith('@@')) hunks++;
    else if (line[0] === '+') added++;
    else if (line[0] === '-') removed++;
  }
  return { hunks, added, removed };
}
