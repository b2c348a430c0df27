import { type LedgerEvent, toolPolicyKey } from '@headroom/core';

/** What was observed for one tool (or one command family of a tool). */
export interface ToolObservation {
  /** The policy key: `tool`, or `tool family` for a command (`Bash git log`). */
  readonly key: string;
  readonly toolName: string;
  readonly commandFamily?: string;
  /** Compressors that handled it, most results first (ties by name). */
  readonly compressors: readonly string[];
  /** Compressions recorded (fresh ones: a resent result answered from the memo is not counted again). */
  readonly results: number;
  /** Results that carried at least one marker (rows written before markers were counted: unknown, not counted). */
  readonly resultsWithMarkers: number;
  readonly markers: number;
  /** Originals handed back (found). */
  readonly retrievals: number;
  /** Distinct refs among them. */
  readonly retrievedRefs: number;
  /** Retrievals by omission kind (`rows`, `lines`, `string`, `whole`...). */
  readonly retrievedKinds: Readonly<Record<string, number>>;
  readonly rereads: number;
  readonly tokensBefore: number;
  readonly tokensAfter: number;
  /** Compressions in lossless mode because of a tool policy. */
  readonly losslessResults: number;
}

interface Tally {
  toolName: string;
  commandFamily: string | undefined;
  compressors: Map<string, number>;
  results: number;
  resultsWithMarkers: number;
  markers: number;
  retrievals: number;
  refs: Set<string>;
  kinds: Map<string, number>;
  rereads: number;
  tokensBefore: number;
  tokensAfter: number;
  losslessResults: number;
}

/**
 * Sums the ledger per tool and command family: what was compressed, omitted, retrieved and read
 * again. Content without a tool name (the CLI's `compress` of a file) has no policy key and is
 * left out. The result is sorted by key: the same rows always give the same observations.
 */
export function analyzeLedger(events: Iterable<LedgerEvent>): ToolObservation[] {
  const tallies = new Map<string, Tally>();
  const tally = (toolName: string | undefined, family: string | undefined): Tally | undefined => {
    if (!toolName) return undefined;
    const key = toolPolicyKey(toolName, family);
    let t = tallies.get(key);
    if (!t) {
      t = { toolName, commandFamily: family, compressors: new Map(), results: 0, resultsWithMarkers: 0, markers: 0, retrievals: 0, refs: new Set(), kinds: new Map(), rereads: 0, tokensBefore: 0, tokensAfter: 0, losslessResults: 0 };
      tallies.set(key, t);
    }
    return t;
  };
  for (const event of events) {
    if (event.type === 'compression') {
      const t = tally(event.toolName, event.commandFamily);
      if (!t) continue;
      t.results++;
      t.compressors.set(event.compressor, (t.compressors.get(event.compressor) ?? 0) + 1);
      t.tokensBefore += event.tokensBefore;
      t.tokensAfter += event.tokensAfter;
      if (event.markers !== undefined) {
        t.markers += event.markers;
        if (event.markers > 0) t.resultsWithMarkers++;
      }
      if (event.mode === 'lossless') t.losslessResults++;
    } else if (event.type === 'retrieval') {
      if (!event.found) continue;
      const t = tally(event.toolName, event.commandFamily);
      if (!t) continue;
      t.retrievals++;
      t.refs.add(event.ref);
      if (event.kind) t.kinds.set(event.kind, (t.kinds.get(event.kind) ?? 0) + 1);
      if (event.compressor && !t.compressors.has(event.compressor)) t.compressors.set(event.compressor, 0);
    } else if (event.type === 'reread') {
      const t = tally(event.toolName, event.commandFamily);
      if (!t) continue;
      t.rereads++;
      if (!t.compressors.has(event.compressor)) t.compressors.set(event.compressor, 0);
    }
  }
  return [...tallies.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, t]) => ({
      key,
      toolName: t.toolName,
      ...(t.commandFamily ? { commandFamily: t.commandFamily } : {}),
      compressors: [...t.compressors.entries()].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0)).map(([name]) => name),
      results: t.results,
      resultsWithMarkers: t.resultsWithMarkers,
      markers: t.markers,
      retrievals: t.retrievals,
      retrievedRefs: t.refs.size,
      retrievedKinds: Object.fromEntries([...t.kinds.entries()].sort(([a], [b]) => (a < b ? -1 : 1))),
      rereads: t.rereads,
      tokensBefore: t.tokensBefore,
      tokensAfter: t.tokensAfter,
      losslessResults: t.losslessResults,
    }));
}
