import type { LogTemplate, TemplateMining } from '../mine-templates.js';
import { KEEP } from './select-lines.js';
import { type LineTokenCache, WILDCARD } from './tokenize-line.js';

/** Rare values at one position may keep this many lines (or this share of the template), no more. */
const MAX_RARE_SHARE = 0.05;
const MIN_RARE_LINES = 8;

/**
 * A template can absorb a rare message that differs from it in a token or two
 * (`mDNS_DeregisterInterface:` inside a template of `mDNS_RegisterInterface:` lines). Such lines
 * stay verbatim: a line whose value at a variable position is rare within its template. When
 * rare values cover many lines (user names, hosts, ids), the position is a real variable and
 * nothing is kept for it.
 */
export function keepRareVariants(tokens: LineTokenCache, mining: TemplateMining, keep: Uint8Array, rareCount: number): void {
  const { templates, assignments } = mining;
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
      const counts = group.counts[s]!;
      counts.set(value, (counts.get(value) ?? 0) + 1);
    });
  }
  for (let i = 0; i < assignments.length; i++) {
    const own = values[i];
    if (!own) continue;
    const group = groups.get(assignments[i]!)!;
    own.forEach((value, s) => {
      if (value !== WILDCARD && group.counts[s]!.get(value)! <= rareCount) group.rare[s]!.push(i);
    });
  }
  for (const group of groups.values()) {
    for (const found of group.rare) {
      if (found.length <= group.cap) for (const i of found) keep[i] = KEEP;
    }
  }
}

/** What one template's lines hold at its variable positions. */
interface VariantGroup {
  /** Variable positions; empty when the template is rare itself (all its lines are kept anyway). */
  readonly positions: readonly number[];
  /** Per position: lines per (masked) value. */
  readonly counts: Map<string, number>[];
  /** Per position: the lines whose value there is rare. */
  readonly rare: number[][];
  /** More rare lines than this at one position means a real variable. */
  readonly cap: number;
}

function newGroup(template: LogTemplate, rareCount: number): VariantGroup {
  const positions = template.count <= rareCount ? [] : template.tokens.flatMap((token, position) => (token === WILDCARD ? [position] : []));
  return {
    positions,
    counts: positions.map(() => new Map()),
    rare: positions.map(() => []),
    cap: Math.max(MIN_RARE_LINES, Math.floor(template.count * MAX_RARE_SHARE)),
  };
}
