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
  const groups = new Map<number, VariantGroup>();
  const values: (readonly string[] | undefined)[] = new Array(assignments.length);
  for (let i = 0; i < assignments.length; i++) {
    const t = assignments[i]!;
    let group = groups.get(t);
    if (group === undefined) {
      group = newGroup(templates[t]!, rareCount);
      groups.set(t, group);
    }
    if (group.positions.length === 0) continue;
    const masked = tokens.at(i).masked;
    const own = group.positions.map((p) => masked[p] ?? '');
    values[i] = own;
    own.forEach((value, s) => {
      increment(group.counts[s]!, value);
    });
  }
  // Header columns (time, host, pid, level) vary without making a different message.
  for (const group of groups.values()) {
    group.enumeration = group.counts.map((map, s) => map.size >= 2 && map.size <= ENUM_VALUES && !headerPositions[group.positions[s]!]);
  }
  const combinations: string[] = new Array(assignments.length);
  for (let i = 0; i < assignments.length; i++) {
    const own = values[i];
    if (!own) continue;
    const group = groups.get(assignments[i]!)!;
    combinations[i] = own.filter((_, s) => group.enumeration[s]).join('\u0000');
    increment(group.combinations, combinations[i]!);
  }
  for (let i = 0; i < assignments.length; i++) {
    const own = values[i];
    if (!own) continue;
    const group = groups.get(assignments[i]!)!;
    own.forEach((value, s) => {
      if (value !== WILDCARD && group.counts[s]!.get(value)! <= rareCount) group.rareBySlot[s]!.push(i);
    });
    if (group.combinations.get(combinations[i]!)! <= rareCount) group.rareByCombination.push(i);
  }
  for (const group of groups.values()) {
    for (const found of [...group.rareBySlot, group.rareByCombination]) {
      if (found.length <= group.cap) for (const i of found) keep[i] = KEEP;
    }
  }
}

/** What one template's lines hold at its variable positions. */
interface VariantGroup {
  /** Variable positions; empty when the template is rare itself (all its lines are kept anyway). */
  readonly positions: readonly number[];
  readonly counts: Map<string, number>[];
  enumeration: boolean[];
  readonly combinations: Map<string, number>;
  readonly rareBySlot: number[][];
  readonly rareByCombination: number[];
  /** More rare lines than this at one position (or combination) means a real variable. */
  readonly cap: number;
}

function newGroup(template: LogTemplate, rareCount: number): VariantGroup {
  const positions = template.count <= rareCount ? [] : template.tokens.flatMap((token, position) => (token === WILDCARD ? [position] : []));
  return {
    positions,
    counts: positions.map(() => new Map()),
    enumeration: [],
    combinations: new Map(),
    rareBySlot: positions.map(() => []),
    rareByCombination: [],
    cap: Math.max(MIN_RARE_LINES, Math.floor(template.count * MAX_RARE_SHARE)),
  };
}

function increment(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}
