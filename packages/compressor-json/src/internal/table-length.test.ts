import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createJsonSource, parseJsonRange } from './parse-json.js';
import { stringifyJson } from './raw-number.js';
import { renderTableAlone } from './render.js';
import { buildTable, isKeyedMap, isTableCandidate } from './table.js';
import { tableLengthBounds } from './table-length.js';
import { randomJson } from './testing/random-json.js';

/** Every array of records and keyed map in a value, as the rows and keys a table is built from. */
function tablesIn(value: unknown, out: { rows: Record<string, unknown>[]; keys?: string[] }[] = []) {
  if (typeof value !== 'object' || value === null) return out;
  if (isTableCandidate(value)) out.push({ rows: value });
  else if (isKeyedMap(value)) out.push({ rows: Object.values(value), keys: Object.keys(value) });
  for (const item of Object.values(value)) tablesIn(item, out);
  return out;
}

function expectWithinBounds(value: unknown, sample: number): void {
  for (const { rows, keys } of tablesIn(value)) {
    const table = buildTable('t', rows, keys);
    const json = stringifyJson(rows.slice(0, sample)).length;
    const { lower, upper } = tableLengthBounds(table, sample, json);
    const length = renderTableAlone(table, sample).length;
    expect(lower).toBeLessThanOrEqual(length);
    expect(upper).toBeGreaterThanOrEqual(length);
  }
}

describe('tableLengthBounds', () => {
  it('brackets the trial render of random tables (keyed maps, holes, nesting, tricky strings)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.constantFrom(2, 5, 40), (seed, sample) => expectWithinBounds(randomJson(seed)(), sample)),
      { numRuns: 400 },
    );
  });

  it('counts -0, numbers kept as text and escaped keys', () => {
    const text = '[{"a": -0, "b\\"q": 1.50, "c": "x,y"}, {"a": 1, "b\\"q": 1e400}, {"c": null, "d": [1, {"e": "é"}]}, {"a": -0}]';
    expectWithinBounds(parseJsonRange(createJsonSource(text), 0, text.length)!.value, 40);
    expectWithinBounds({ m: { 'k,1': { x: 1 }, k2: { x: -0 }, k3: { y: 'z' }, k4: { x: 2 } } }, 40);
  });
});
