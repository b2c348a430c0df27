import type { LogTemplate, MiningWithHeader } from '../mine-templates.js';
import { KEEP } from './select-lines.js';
import { type LineTokenCache, WILDCARD } from './tokenize-line.js';

/** Rare values at one position may keep this many lines (or this share of the template), no more. */
const MAX_RARE_SHARE = 0.05;
const MIN_RARE_LINES = 8;
/** A variable position with at most this many distinct values is an enumeration (states, verbs). */
const ENUM_VALUES = 6;

/**
 * A template can absorb a rare message that differs from it in a word or two ("BTLE scanning
 * stopped" inside "BTLE scanning <*>"). Such lines stay verbatim: a line whose value at a variable
 * position is rare within its template, or whose combination of enumeration values is. When rare
 * values cover many lines (user names, hosts), the position is a real variable and nothing is
 * kept for it. Combinations leave out header columns (time, host, pid, level).
 */
export function keepRareVariants(tokens: LineTokenCache, mining: MiningWithHeader, keep: Uint8Array, rareCount: number): void {
  const { templates, assignments, headerPositions } = mining;
  const slots = templates.map((template) => template.tokens.flatMap((token, position) => (token === WILDCARD ? [position] : [])));
  const values: (readonly string[] | undefined)[] = new Array(assignments.length);
  // Per template, per variable position: how many lines have each (masked) value.
  const counts = templates.map((_, t) => slots[t]!.map(() => new Map<string, number>()));
  for (let i = 0; i < assignments.length; i++) {
    const t = assignments[i]!;
    const positions = slots[t]!;
    if (positions.length === 0 || templates[t]!.count <= rareCount) continue;
    const masked = tokens.at(i).masked;
    const own = positions.map((p) => masked[p] ?? '');
    values[i] = own;
    own.forEach((value, s) => {
      const map = counts[t]![s]!;
      map.set(value, (map.get(value) ?? 0) + 1);
    });
  }

  const rareBySlot = templates.map((_, t) => slots[t]!.map(() => [] as number[]));
  const rareByCombination = templates.map(() => [] as number[]);
  const combinations = templates.map(() => new Map<string, number>());
  // Header columns (time, host, pid, level) vary without making a different message.
  const enumerations = templates.map((_, t) => counts[t]!.map((map, s) => map.size >= 2 && map.size <= ENUM_VALUES && !headerPositions[slots[t]![s]!]));
  const combinationOf = (t: number, own: readonly string[]) => own.filter((_, s) => enumerations[t]![s]).join('\u0000');
  for (let i = 0; i < assignments.length; i++) {
    const own = values[i];
    if (!own) continue;
    const t = assignments[i]!;
    const key = combinationOf(t, own);
    combinations[t]!.set(key, (combinations[t]!.get(key) ?? 0) + 1);
  }
  for (let i = 0; i < assignments.length; i++) {
    const own = values[i];
    if (!own) continue;
    const t = assignments[i]!;
    own.forEach((value, s) => {
      if (value !== WILDCARD && counts[t]![s]!.get(value)! <= rareCount) rareBySlot[t]![s]!.push(i);
    });
    if (combinations[t]!.get(combinationOf(t, own))! <= rareCount) rareByCombination[t]!.push(i);
  }

  templates.forEach((template: LogTemplate, t) => {
    const cap = Math.max(MIN_RARE_LINES, Math.floor(template.count * MAX_RARE_SHARE));
    for (const found of [...rareBySlot[t]!, rareByCombination[t]!]) {
      if (found.length <= cap) for (const i of found) keep[i] = KEEP;
    }
  });
}
