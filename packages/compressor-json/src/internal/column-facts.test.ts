import { describe, expect, it } from 'vitest';
import { ABSENT } from './cells.js';
import { columnFacts } from './column-facts.js';
import type { Column } from './table.js';

const column = (values: unknown[]): Column => ({ path: ['c'], kind: 'cells', spec: '', prefix: '', suffix: '', values: values as Column['values'] });
const factsOf = (values: unknown[]) => columnFacts([column(values)]).values().next().value!;

describe('columnFacts', () => {
  it('counts what the signals read, in one pass', () => {
    const facts = factsOf(['a b', 'cc', ABSENT, 3, true, 'a b', { x: 1 }, 'a b']);
    expect(facts).toMatchObject({ present: 7, numbers: 1, strings: 4, spaced: 3, stringLength: 11, longestString: 3, labelled: 5 });
    // Not listable (a number), so labels stop at maxCategories(8) = 2.
    expect(facts.labels).toBeUndefined();
  });

  it('keeps labels as far as a value note can list them, and no further once it cannot', () => {
    const twelve = Array.from({ length: 40 }, (_, i) => `v${i % 12}`);
    expect(factsOf(twelve).labels?.size).toBe(12);
    expect(factsOf([...twelve, 'x'.repeat(61)]).labels).toBeUndefined();
    const counted = factsOf(['a', 'b', 'a', ...Array.from({ length: 37 }, () => 'c')]).labels;
    expect([...(counted ?? [])]).toEqual([['a', 2], ['b', 1], ['c', 37]]);
  });
});
