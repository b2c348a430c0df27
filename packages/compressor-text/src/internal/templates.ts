import { head } from './lines.js';

/**
 * A line's shape: its first words with variable parts (numbers, hashes, paths, quoted strings)
 * replaced by `#`, plus its word count. Lines with the same shape differ only in values.
 */
export function shapeOf(line: string): string {
  // The key needs the first 4 words and a count capped at 12: the rest of a long line is not split.
  const words = head(line).trim().split(/\s+/, 13);
  const key: string[] = [];
  for (let i = 0; i < words.length && key.length < 4; i++) key.push(variable(words[i]!) ? '#' : words[i]!);
  return `${key.join(' ')}|${Math.min(words.length, 12)}`;
}

function variable(word: string): boolean {
  return /\d/.test(word) || /^['"`([<{]/.test(word) || word.includes('/') || word.length > 24 || /^[0-9a-f]{7,}$/i.test(word);
}

/**
 * A coarser shape: the classes of a line's first words (`a` letters, `9` digits, `.` anything else,
 * as runs) and its word count. Lines of a list (`name version`, `pkg/suite 1.2 amd64 [installed]`)
 * share it even when no two share their first word.
 */
export function classesOf(line: string): string {
  const words = head(line).trim().split(/\s+/);
  const key: string[] = [];
  for (let i = 0; i < words.length && i < 6; i++) key.push(words[i]!.replace(/[A-Za-z]+/g, 'a').replace(/\d+/g, '9').replace(/[^a9]+/g, '.'));
  return `${key.join(' ')}|${Math.min(words.length, 12)}`;
}

/** The shape as words a reader can follow in a marker summary ("Setting up # #"). */
export function shapeText(shape: string): string {
  return shape.slice(0, shape.lastIndexOf('|'));
}

/** Shapes and how many lines have each, for `indexes` of `lines`. */
export function countShapes(lines: readonly string[], indexes: Iterable<number>, shapeFn: (line: string) => string = shapeOf): { shapes: string[]; counts: Map<string, number> } {
  const shapes: string[] = new Array(lines.length);
  const counts = new Map<string, number>();
  for (const i of indexes) {
    const shape = shapeFn(lines[i]!);
    shapes[i] = shape;
    counts.set(shape, (counts.get(shape) ?? 0) + 1);
  }
  return { shapes, counts };
}

/**
 * "120 like Setting up #, 40 like Unpacking #": the commonest shapes of a run. `known[i]`, where
 * set, is `shapeOf(lines[i])` already taken (by `countShapes`).
 */
export function describeShapes(lines: readonly string[], from: number, to: number, limit = 2, known?: readonly (string | undefined)[]): string {
  const counts = new Map<string, number>();
  for (let i = from; i < to; i++) {
    const shape = shapeText(known?.[i] ?? shapeOf(lines[i]!));
    counts.set(shape, (counts.get(shape) ?? 0) + 1);
  }
  const top = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, limit);
  // A list (no shape repeats): say what its lines look like by the first one.
  if (top[0] && top[0][1] * 4 < to - from) return `like ${head(lines[from]!).trim().slice(0, 60)}`;
  const parts = top.map(([shape, n]) => `${n} like ${shape.slice(0, 40)}`);
  const rest = to - from - top.reduce((s, [, n]) => s + n, 0);
  if (rest > 0) parts.push(`${rest} other`);
  return parts.join(', ');
}
