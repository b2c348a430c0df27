import type { LogTemplate } from '../mine-templates.js';
import { KEEP } from './select-lines.js';
import { tokenizeLine, WILDCARD } from './tokenize-line.js';

/** A variable position whose rare values cover more lines than this share is a real variable. */
const MAX_RARE_SHARE = 0.05;
const MIN_RARE_LINES = 5;

/**
 * A template can absorb a rare message that differs from it in a word or two ("BTLE scanning
 * stopped" inside "BTLE scanning <*>"). Lines whose word at a variable position is rare within
 * their template stay verbatim, unless that position holds many rare values (user names,
 * hosts): then it is a real variable, and its rare values are not news.
 */
export function keepRareVariants(lines: readonly string[], templates: readonly LogTemplate[], assignments: Int32Array, keep: Uint8Array, rareCount: number): void {
  const slots = templates.map((template) => template.tokens.flatMap((token, position) => (token === WILDCARD ? [position] : [])));
  const values: (readonly string[] | undefined)[] = new Array(lines.length);
  // Per template, per variable position: how many lines have each (masked) value.
  const counts = templates.map((_, t) => slots[t]!.map(() => new Map<string, number>()));
  for (let i = 0; i < lines.length; i++) {
    const t = assignments[i]!;
    const positions = slots[t]!;
    if (positions.length === 0 || templates[t]!.count <= rareCount) continue;
    const masked = tokenizeLine(lines[i]!).masked;
    const own = positions.map((p) => masked[p] ?? '');
    values[i] = own;
    own.forEach((value, s) => {
      const map = counts[t]![s]!;
      map.set(value, (map.get(value) ?? 0) + 1);
    });
  }
  // Per template and position, the lines a rare value would keep; too many means a real variable.
  const rareLines = templates.map((_, t) => slots[t]!.map(() => [] as number[]));
  for (let i = 0; i < lines.length; i++) {
    const own = values[i];
    if (!own) continue;
    const t = assignments[i]!;
    own.forEach((value, s) => {
      if (!value.includes(WILDCARD) && counts[t]![s]!.get(value)! <= rareCount) rareLines[t]![s]!.push(i);
    });
  }
  rareLines.forEach((bySlot, t) => {
    const cap = Math.max(MIN_RARE_LINES, Math.floor(templates[t]!.count * MAX_RARE_SHARE));
    for (const found of bySlot) {
      if (found.length <= cap) for (const i of found) keep[i] = KEEP;
    }
  });
}
