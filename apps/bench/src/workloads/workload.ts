import { seeded } from '@headroom/core/testing';

/** A fact planted in a workload that must stay visible (outside markers) after compression. */
export interface Needle {
  readonly label: string;
  /** Every one of these strings must appear in the visible text. */
  readonly texts: readonly string[];
}

/** One tool result as an agent would receive it. */
export interface ToolOutput {
  readonly toolName: string;
  readonly text: string;
}

/** A seeded scenario: several tool outputs, each compressed separately, and the question asked. */
export interface Workload {
  readonly name: string;
  readonly query: string;
  readonly outputs: readonly ToolOutput[];
  readonly needles: readonly Needle[];
}

/** Small helpers over one seeded stream, so every generator draws the same way. */
export interface Random {
  next(): number;
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  hex(length: number): string;
  /** Picks by weight: `weighted([['INFO', 4], ['WARN', 1]])`. */
  weighted<T>(entries: readonly (readonly [T, number])[]): T;
}

export function createRandom(seed: number): Random {
  const next = seeded(seed);
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    pick: (items) => items[Math.floor(next() * items.length)]!,
    hex: (length) => Array.from({ length }, () => '0123456789abcdef'[Math.floor(next() * 16)]).join(''),
    weighted(entries) {
      const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
      let roll = next() * total;
      for (const [value, weight] of entries) {
        roll -= weight;
        if (roll < 0) return value;
      }
      return entries[entries.length - 1]![0];
    },
  };
}

/** A fixed clock for the scenarios: 2026-03-14T09:00:00Z plus an offset. */
const EPOCH = Date.UTC(2026, 2, 14, 9, 0, 0);
export function isoAt(offsetMs: number): string {
  return new Date(EPOCH + offsetMs).toISOString();
}

/** Tool outputs are indent-2 JSON, as most agent hosts print them. */
export function pretty(value: unknown): string {
  return JSON.stringify(value, null, 2);
}
