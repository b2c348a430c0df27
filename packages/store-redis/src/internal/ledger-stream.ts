import { createLedgerAggregate, type LedgerAggregate, type LedgerEvent, type LedgerQuery, type LedgerSummary } from '@headroom/core';
import type { Keys } from './keys.js';
import type { Reply, Send } from './redis-connection.js';

/** Entries per XRANGE: one reply stays small, so a long ledger never blocks Redis for others. */
const PAGE = 1000;

interface Row {
  readonly id: string;
  readonly time: number;
  readonly type: string;
  readonly json: string;
}

export interface LedgerStream {
  append(send: Send, event: LedgerEvent): Promise<void>;
  read(send: Send, query: LedgerQuery): Promise<LedgerEvent[]>;
  /** summarizeLedger over every row, from running totals: folds only entries appended since the last call. */
  summary(send: Send): Promise<LedgerSummary>;
  /** Deletes rows older than `before`; resolves to how many. */
  prune(send: Send, before: number, at: number): Promise<number>;
  /** When this ledger was last pruned (by any replica), ms since the epoch; 0 if never. */
  prunedAt(send: Send): Promise<number>;
}

/**
 * The ledger as a Redis stream shared by every replica, with this process's running totals.
 * New entries (from any replica) are folded in by stream id on the next `summary()`; entries this
 * process prunes are subtracted; a prune by another replica (seen as a new generation in the
 * state hash) means entries counted here are gone, and the totals are counted again. The same
 * scheme as the SQLite store's ledger totals, with stream ids for row ids.
 */
export function createLedgerStream(keys: Keys): LedgerStream {
  let aggregate: LedgerAggregate = createLedgerAggregate();
  let lastId = '0-0';
  let generation = -1;
  // summary and prune both move lastId and the aggregate: one at a time in this process.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  };

  async function* rows(send: Send, after: string): AsyncGenerator<Row> {
    let from = after === '0-0' ? '-' : `(${after}`;
    for (;;) {
      const page = (await send(['XRANGE', keys.ledger, from, '+', 'COUNT', String(PAGE)])) as Reply[];
      for (const entry of page) yield toRow(entry);
      if (page.length < PAGE) return;
      from = `(${toRow(page[page.length - 1] as Reply).id}`;
    }
  }

  const readGeneration = async (send: Send) => Number((await send(['HGET', keys.ledgerState, 'generation'])) ?? 0);

  return {
    async append(send, event) {
      await send(['XADD', keys.ledger, '*', 't', String(event.time), 'y', event.type, 'j', JSON.stringify(event)]);
    },
    async read(send, query) {
      const events: LedgerEvent[] = [];
      for await (const row of rows(send, '0-0')) {
        if (query.type !== undefined && row.type !== query.type) continue;
        if (query.since !== undefined && row.time < query.since) continue;
        events.push(JSON.parse(row.json) as LedgerEvent);
      }
      return events;
    },
    summary: (send) =>
      serial(async () => {
        const current = await readGeneration(send);
        if (current !== generation) {
          aggregate = createLedgerAggregate();
          lastId = '0-0';
          generation = current;
        }
        for await (const row of rows(send, lastId)) {
          aggregate.add(JSON.parse(row.json) as LedgerEvent);
          lastId = row.id;
        }
        return aggregate.summary();
      }),
    prune: (send, before, at) =>
      serial(async () => {
        const seen = await readGeneration(send);
        const doomed: Row[] = [];
        for await (const row of rows(send, '0-0')) if (row.time < before) doomed.push(row);
        // Recorded even when nothing was old: the hourly retention check of every replica reads
        // it, so the whole stream is scanned at most once an hour for the cluster, not per replica.
        await send(['HSET', keys.ledgerState, 'prunedAt', String(at)]);
        if (doomed.length === 0) return 0;
        let removed = 0;
        for (let i = 0; i < doomed.length; i += PAGE) {
          removed += Number(await send(['XDEL', keys.ledger, ...doomed.slice(i, i + PAGE).map((row) => row.id)]));
        }
        const bumped = Number(await send(['HINCRBY', keys.ledgerState, 'generation', '1']));
        // Entries this process counted are subtracted; if another replica pruned meanwhile (the
        // generation moved by more than this prune), the totals are stale and the next summary recounts.
        if (seen === generation && bumped === seen + 1) {
          for (const row of doomed) if (compareIds(row.id, lastId) <= 0) aggregate.remove(JSON.parse(row.json) as LedgerEvent);
          generation = bumped;
        }
        return removed;
      }),
    async prunedAt(send) {
      return Number((await send(['HGET', keys.ledgerState, 'prunedAt'])) ?? 0);
    },
  };
}

function toRow(entry: Reply): Row {
  const [id, fields] = entry as [string, string[]];
  const map = new Map<string, string>();
  for (let i = 0; i + 1 < fields.length; i += 2) map.set(fields[i] as string, fields[i + 1] as string);
  return { id, time: Number(map.get('t')), type: map.get('y') ?? '', json: map.get('j') ?? 'null' };
}

/** Stream ids are `ms-seq`; both parts can exceed 2^53 in theory, so compare as bigints. */
function compareIds(a: string, b: string): number {
  const [am = '0', as = '0'] = a.split('-');
  const [bm = '0', bs = '0'] = b.split('-');
  const ms = BigInt(am) - BigInt(bm);
  if (ms !== 0n) return ms < 0n ? -1 : 1;
  const seq = BigInt(as) - BigInt(bs);
  return seq === 0n ? 0 : seq < 0n ? -1 : 1;
}
