import { head } from '../lines.js';
import type { Selection } from '../render.js';
import { ALERT, SUMMARY } from '../signals.js';
import { classesOf, countShapes, describeShapes } from '../templates.js';
import type { FamilyInput } from './family.js';

/**
 * Marks the lines among `eligible` that are repetitive (their shape occurs at least `minRepeat`
 * times) as omittable, except the first `examples` of each shape; every other eligible line stays.
 * Returns each eligible line's shape (by index), for the markers' descriptions.
 */
export function keepUnrepetitive(
  lines: readonly string[],
  keep: Uint8Array,
  eligible: readonly number[],
  examples: number,
  minRepeat: number,
  shape?: (line: string) => string,
): readonly (string | undefined)[] {
  const { shapes, counts } = countShapes(lines, eligible, shape);
  const seen = new Map<string, number>();
  for (const i of eligible) {
    const shape = shapes[i]!;
    const n = counts.get(shape)!;
    const index = seen.get(shape) ?? 0;
    seen.set(shape, index + 1);
    if (n < minRepeat || index < examples) keep[i] = 1;
  }
  return shapes;
}

/**
 * Any other line-oriented output: lines that repeat a shape collapse into counted templates
 * ("120 like Setting up #"), keeping the first examples of each shape, every problem and summary
 * line, query matches, and the first and last lines.
 */
export function genericSelection({ lines, query, options }: FamilyInput): Selection {
  const keep = new Uint8Array(lines.length);
  const eligible: number[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = head(lines[i]!);
    if (query.matches[i] || ALERT.test(line) || SUMMARY.test(line) || i < options.headLines || i >= lines.length - options.tailLines) keep[i] = 1;
    else eligible.push(i);
  }
  const shapes = keepUnrepetitive(lines, keep, eligible, options.examples, options.minRepeat);
  // Lists whose lines share no first word (`apt list`, `pip freeze`) repeat a coarser shape: word classes.
  const left = eligible.filter((i) => keep[i]);
  if (left.length >= options.minRepeat) {
    for (const i of left) keep[i] = 0;
    keepUnrepetitive(lines, keep, left, options.examples, options.minRepeat, classesOf);
  }
  return { lines, keep, kind: 'lines', describe: (from, to) => `${to - from} more lines: ${describeShapes(lines, from, to, 2, shapes)}` };
}
