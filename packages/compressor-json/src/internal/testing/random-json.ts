import { seeded } from '@headroom/core/testing';
import { setOwn } from '../set-own.js';

/** Strings chosen to trip a cell grammar: separators, literals, numbers, markers of the format itself. */
const TRICKY = ['', ' ', 'a,b', '"q"', 'x"y', '12', '-0', '1e5', '007', 'true', 'null', '@0', '@x', '$t', '$$t', '#', 'seq(1,2)', 'prefix("a")', '[1]', '{}', 'line\nbreak', 'tab\there', 'é ü 中文 🎉', '\ud800', 'a}b', ' lead', 'trail ', '<<headroom: x>>', 'https://example.com/a,b?c=1'];
const KEYS = ['id', 'name', 'status', 'a.b', 'with space', '', '$ref', '@type', '__proto__', 'x,y', '"q"', 'nested', 'count', 'tags', '#'];

/** A seeded generator of JSON values, biased toward arrays of records (what tables are made of). */
export function randomJson(seed: number): () => unknown {
  const random = seeded(seed);
  const int = (n: number) => Math.floor(random() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;

  const scalar = (): unknown => {
    switch (int(9)) {
      case 0:
        return null;
      case 1:
        return random() < 0.5;
      case 2:
        return int(1000) - 500;
      case 3:
        return Math.round((random() - 0.5) * 1e6) / 1e3;
      case 4:
        return pick([0, 1e21, 1e-7, Number.MAX_SAFE_INTEGER, -1.5e-300, 0.1 + 0.2]);
      case 5:
      case 6:
        return pick(TRICKY);
      default:
        return `word${int(20)} ${pick(['alpha', 'beta', 'gamma'])}`;
    }
  };

  const value = (depth: number): unknown => {
    const roll = int(depth > 2 ? 2 : 6);
    if (roll < 2) return scalar();
    if (roll === 2) return Array.from({ length: int(5) }, () => value(depth + 1));
    if (roll === 3) return record(depth, KEYS.slice(0, 1 + int(KEYS.length)));
    return records(depth);
  };

  const record = (depth: number, keys: readonly string[]): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const key of keys) {
      setOwn(out, key, value(depth + 1));
    }
    return out;
  };

  /** Records sharing a shape, with sequences, constants, repeats, missing keys and nested shapes. */
  const records = (depth: number): Record<string, unknown>[] => {
    const n = 2 + int(12);
    const keys = KEYS.filter(() => random() < 0.3);
    const constant = scalar();
    const start = int(100);
    return Array.from({ length: n }, (_, i) => {
      const row: Record<string, unknown> = { seq: start + 3 * i, constant, repeated: pick(['alpha-service', 'beta-service']) };
      if (random() < 0.8) row.sometimes = scalar();
      row.inner = { x: i % 3, y: pick(TRICKY) };
      row.when = new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString();
      Object.assign(row, record(depth + 1, keys));
      return row;
    });
  };

  // The root is a container: a string root would be read as JSON text by compressLossless.
  return () => (random() < 0.5 ? records(0) : record(0, KEYS.slice(0, 2 + int(KEYS.length))));
}
