import { createLedgerAggregate, type LedgerAggregate, type LedgerEvent, type LedgerSummary } from '@headroom/core';
import type Database from 'better-sqlite3';

interface EventRow {
  id: number;
  event: string;
}

export interface LedgerTotals {
  /** summarizeLedger over every row, from running totals: folds only rows appended since the last call. */
  summary(): LedgerSummary;
  /** Deletes rows older than `before`; resolves to how many. */
  prune(before: number, at: number): number;
  /** When this file's ledger was last pruned (by any process), ms since the epoch; 0 if never. */
  prunedAt(): number;
}

/**
 * Running totals of this file's ledger, shared by every process that writes it. New rows (from
 * any process) are folded in by id on the next `summary()`; rows this connection prunes are
 * subtracted; a prune by another process (seen as a new `ledger_state.generation`) means rows
 * this process counted are gone, and the totals are counted again from the rows left.
 */
export function createLedgerTotals(db: Database.Database): LedgerTotals {
  const tail = db.prepare('SELECT id, event FROM ledger WHERE id > ? ORDER BY id');
  const state = db.prepare('SELECT generation, pruned_at AS prunedAt FROM ledger_state WHERE id = 1');
  const doomed = db.prepare('SELECT id, event FROM ledger WHERE time < ? ORDER BY id');
  const remove = db.prepare('DELETE FROM ledger WHERE time < ?');
  const bump = db.prepare('UPDATE ledger_state SET generation = generation + 1, pruned_at = ? WHERE id = 1');
  let aggregate: LedgerAggregate = createLedgerAggregate();
  let lastId = 0;
  let generation = -1;

  const readState = () => (state.get() as { generation: number; prunedAt: number } | undefined) ?? { generation: 0, prunedAt: 0 };

  const catchUp = db.transaction(() => {
    const current = readState().generation;
    if (current !== generation) {
      aggregate = createLedgerAggregate();
      lastId = 0;
      generation = current;
    }
    for (const row of tail.iterate(lastId) as Iterable<EventRow>) {
      aggregate.add(JSON.parse(row.event) as LedgerEvent);
      lastId = row.id;
    }
  });

  const prune = db.transaction((before: number, at: number): number => {
    const rows = doomed.all(before) as EventRow[];
    if (rows.length === 0) return 0;
    const current = readState().generation;
    // Rows this connection counted are subtracted; if another process pruned meanwhile, the
    // totals are stale anyway and the next summary counts again.
    if (current === generation) for (const row of rows) if (row.id <= lastId) aggregate.remove(JSON.parse(row.event) as LedgerEvent);
    remove.run(before);
    bump.run(at);
    if (current === generation) generation = current + 1;
    return rows.length;
  });

  return {
    summary() {
      catchUp();
      return aggregate.summary();
    },
    prune: (before, at) => prune.immediate(before, at),
    prunedAt: () => readState().prunedAt,
  };
}
