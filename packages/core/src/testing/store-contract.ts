import { summarizeLedger } from '../ledger/summarize-ledger.js';
import type { HeadroomStore, LedgerEvent } from '../store/store.js';

/** What a store factory receives from the contract: a clock the cases move by hand. */
export interface StoreContractOptions {
  readonly now: () => number;
  readonly originalTtlMs: number;
}

export interface StoreContractCase {
  readonly name: string;
  run(): Promise<void>;
}

/**
 * The behaviour every `HeadroomStore` must have (memory, SQLite, Redis, third-party), as named
 * cases a test file runs with its own framework: `for (const c of storeContract(make)) it(c.name, c.run)`.
 * Each case makes a fresh store and closes it; a failed expectation throws an Error.
 */
export function storeContract(make: (options: StoreContractOptions) => HeadroomStore | Promise<HeadroomStore>): StoreContractCase[] {
  const TTL = 1000;
  const withStore = (work: (store: HeadroomStore, clock: { at: number }) => Promise<void>) => async () => {
    const clock = { at: 1_000_000 };
    const store = await make({ now: () => clock.at, originalTtlMs: TTL });
    try {
      await work(store, clock);
    } finally {
      await store.close();
    }
  };
  return [
    {
      name: 'round-trips originals byte-exact (non-ASCII, CRLF, lone surrogates, empty, large)',
      run: withStore(async (store) => {
        const samples = ['', 'naïve café — 日本語 🚀', 'crlf\r\nline\r\n', 'lone \uD800 and \uDC00', '\uFEFFbom', 'x'.repeat(300_000)];
        for (const [i, original] of samples.entries()) await store.originals.put('a', `ref${i}`, original, { summary: `s${i}` });
        for (const [i, original] of samples.entries()) {
          const stored = await store.originals.get('a', `ref${i}`);
          expect(stored?.original === original, `original ${i} came back different`);
          expect(stored?.tenant === 'a' && stored.ref === `ref${i}` && stored.meta.summary === `s${i}`, `ref, tenant or meta of ${i} came back different`);
        }
        expect((await store.originals.get('a', 'missing')) === undefined, 'an unknown ref must be undefined');
      }),
    },
    {
      name: 'keeps tenants apart: another tenant\'s ref is a miss for get, touch and memo',
      run: withStore(async (store) => {
        await store.originals.put('a', 'r1', 'secret of a', {});
        await store.memo.set('a', 'k', { text: 't', compressor: 'c', contentType: 'json', tokensBefore: 2, tokensAfter: 1, refs: ['r1'] });
        expect((await store.originals.get('b', 'r1')) === undefined, 'tenant b read tenant a\'s original');
        expect((await store.memo.get('b', 'k')) === undefined, 'tenant b read tenant a\'s memo entry');
        expect(same(await store.originals.touch('b', ['r1']), ['r1']), 'touch under tenant b must report a\'s ref as gone');
        await store.originals.put('b', 'r1', 'same ref under b', {});
        expect((await store.originals.get('a', 'r1'))?.original === 'secret of a', 'tenant b overwrote tenant a\'s original');
        expect((await store.originals.get('b', 'r1'))?.original === 'same ref under b', 'tenant b lost its own original');
      }),
    },
    {
      name: 'lookup finds a ref in any tenant (the local owner\'s view)',
      run: withStore(async (store) => {
        await store.originals.put('t-1', 'r2', 'held by t-1', {});
        const found = await store.originals.lookup('r2');
        expect(found?.original === 'held by t-1' && found.tenant === 't-1', 'lookup must find another tenant\'s original with its tenant');
        expect((await store.originals.lookup('nowhere')) === undefined, 'lookup of an unknown ref must be undefined');
      }),
    },
    {
      name: 'expires originals and memo entries, extends live ones on touch, never shortens on a second put',
      run: withStore(async (store, clock) => {
        await store.originals.put('a', 'short', 'x', {});
        await store.originals.put('a', 'long', 'y', {}, 10 * TTL);
        await store.originals.put('a', 'long', 'y', {}, TTL);
        await store.memo.set('a', 'm', { text: 't', compressor: 'c', contentType: 'json', tokensBefore: 2, tokensAfter: 1, refs: [] }, TTL);
        clock.at += TTL / 2;
        expect(same(await store.originals.touch('a', ['short', 'gone']), ['gone']), 'touch must name only the refs that are gone');
        clock.at += (TTL * 9) / 10;
        expect((await store.originals.get('a', 'short'))?.original === 'x', 'touch must extend a live original');
        expect((await store.memo.get('a', 'm')) === undefined, 'an expired memo entry must be undefined');
        clock.at += TTL;
        expect((await store.originals.get('a', 'short')) === undefined, 'an expired original must be undefined');
        expect((await store.originals.lookup('short')) === undefined, 'lookup must not return an expired original');
        expect((await store.originals.get('a', 'long'))?.original === 'y', 'a second put shortened an original\'s life');
      }),
    },
    {
      name: 'reads the ledger back in append order, filtered by since and type, tenant kept',
      run: withStore(async (store) => {
        const events: LedgerEvent[] = [
          { type: 'compression', time: 10, compressor: 'json', contentType: 'json', tokensBefore: 9, tokensAfter: 3, exact: true, tenant: 'a' },
          { type: 'retrieval', time: 20, ref: 'r', found: false, tenant: 'b', kind: 'rows', commandFamily: 'git log' },
          { type: 'compression', time: 30, compressor: 'logs', contentType: 'logs', tokensBefore: 9, tokensAfter: 3, exact: false, markers: 2, commandFamily: 'pytest' },
          { type: 'reread', time: 40, ref: 'r', compressor: 'logs', toolName: 'Bash', commandFamily: 'pytest', by: 'command', tenant: 'a' },
        ];
        for (const event of events) await store.ledger.append(event);
        expect(JSON.stringify(await store.ledger.read()) === JSON.stringify(events), 'ledger must return every event in order, unchanged');
        const since = await store.ledger.read({ since: 20, type: 'compression' });
        expect(since.length === 1 && since[0]?.time === 30, 'ledger filters by since and type');
        const rereads = await store.ledger.read({ type: 'reread' });
        expect(rereads.length === 1 && rereads[0]?.time === 40, 'ledger filters re-read rows by type');
      }),
    },
    {
      name: 'summary (when the store has one) equals summarizeLedger over its rows, before and after prune',
      run: withStore(async (store) => {
        const events: LedgerEvent[] = [
          { type: 'compression', time: 10, compressor: 'json', contentType: 'json', tokensBefore: 90, tokensAfter: 30, exact: true, tenant: 'a' },
          { type: 'request', time: 15, provider: 'anthropic', model: 'm', route: 'messages', status: 200, tokensBefore: 9, tokensAfter: 3, addedLatencyMs: 1.25 },
          { type: 'retrieval', time: 20, ref: 'r', found: false, tenant: 'b' },
          { type: 'compression', time: 30, compressor: 'logs', contentType: 'logs', tokensBefore: 50, tokensAfter: 5, exact: false },
          { type: 'request', time: 40, provider: 'openai', model: 'm', route: 'chat', status: 200, tokensBefore: 9, tokensAfter: 3, addedLatencyMs: 0.5 },
          { type: 'reread', time: 50, ref: 'r', compressor: 'logs', by: 'file' },
        ];
        for (const event of events) await store.ledger.append(event);
        if (store.ledger.summary) {
          const summary = await store.ledger.summary();
          expect(JSON.stringify(sorted(summary)) === JSON.stringify(sorted(summarizeLedger(await store.ledger.read()))), 'summary() differs from summarizeLedger(read())');
        }
        if (store.ledger.prune) {
          const removed = await store.ledger.prune(20);
          expect(removed === 2, `prune(20) must remove the 2 rows before time 20, removed ${removed}`);
          const left = await store.ledger.read();
          expect(left.length === 4 && left.every((e) => e.time >= 20), 'prune must keep every row at or after its cutoff');
          if (store.ledger.summary) {
            expect(JSON.stringify(sorted(await store.ledger.summary())) === JSON.stringify(sorted(summarizeLedger(left))), 'summary() after prune differs from summarizeLedger(read())');
          }
        }
      }),
    },
  ];
}

/** Key order is not part of a summary's meaning. */
function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sorted((value as Record<string, unknown>)[k])]));
}

function expect(condition: boolean | undefined, message: string): void {
  if (!condition) throw new Error(message);
}

const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
