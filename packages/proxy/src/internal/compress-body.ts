import { type CompressInput, type CompressionMode, compressRequest, type FailureCode, isFailure, type Json, setPaths, locateSlots, type Pipeline, type PipelineResult, type RequestFormat, type SlotReport } from '@headroom/core';
import type { SlotEdit } from './exact-body.js';
import type { FirstSight } from './first-sight.js';

type Totals = Record<string, { tokensBefore: number; tokensAfter: number }>;

/**
 * Why compression was attempted but the original went upstream: a short code for the
 * `x-headroom-compression-failed` header, never a message (messages may carry paths or content).
 */
export type FailOpenCode = FailureCode | 'inexact_body';

export interface CompressedBody {
  /** The body with the compressed slots replaced: the parsed request itself when nothing changed. */
  readonly body: unknown;
  /** The slots to replace in the original bytes. */
  readonly edits: readonly SlotEdit[];
  /** Estimated tokens of the compressible slots, before and after. */
  readonly tokensBefore: number;
  readonly tokensAfter: number;
  readonly byCompressor: Totals;
  /** Why (some of) the original was forwarded although compression was attempted. */
  readonly failOpen?: FailOpenCode;
}

/** Compresses the slots of a parsed body in `mode`; the caller splices the edits into the original bytes. */
export async function compressBody(slots: FirstSight, parsed: unknown, format: RequestFormat, timeoutMs: number, mode: CompressionMode, tenant: string): Promise<CompressedBody> {
  const unchanged = (failOpen?: FailOpenCode): CompressedBody => ({
    body: parsed,
    edits: [],
    tokensBefore: 0,
    tokensAfter: 0,
    byCompressor: {},
    ...(failOpen ? { failOpen } : {}),
  });
  // Slots still being compressed. Entries are objects: keying a Map by the text itself would hash
  // every (long, freshly parsed) string.
  const pending = new Set<{ readonly text: string }>();
  const finished: { readonly text: string; readonly result: PipelineResult }[] = [];
  const pinning: Pipeline = {
    ...slots.pipeline,
    compress: async (text: string, input?: CompressInput) => {
      const entry = { text };
      pending.add(entry);
      try {
        const result = await slots.compress(text, input ?? {});
        finished.push({ text, result });
        return result;
      } finally {
        pending.delete(entry);
      }
    },
  };
  // The request goes out uncompressed: slots still being compressed were sent raw, and a compressed
  // form finishing late must never be used for them. Slots already answered (memo hits) are not
  // pinned: earlier turns sent them compressed, and later turns will again.
  const pinPending = () => Promise.all([...pending].map((entry) => slots.pin(entry.text, tenant)));
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  let result: Awaited<ReturnType<typeof compressRequest>> | 'timeout';
  // The conversation step remembers its decisions only for a request that goes out with them.
  const abandoned = new AbortController();
  // Lossy requests go out through prepareRetrieval, which offers the retrieve tool from a
  // conversation's first request unless the step decides when it pays (`ConversationStep.decidesRetrieveTool`).
  const offersRetrieveTool = slots.conversation?.decidesRetrieveTool?.(format) !== true;
  const conversation = mode === 'lossy' && slots.conversation ? { conversation: slots.conversation, signal: abandoned.signal, offersRetrieveTool, ...(slots.heldTexts ? { heldTexts: slots.heldTexts } : {}) } : {};
  try {
    result = await Promise.race([compressRequest(pinning, parsed, format, { mode, tenant, ...conversation }), timeout]);
    if (result === 'timeout') abandoned.abort();
  } catch (error) {
    await pinPending();
    recordFailure(slots, 'compressor_failed', `compression failed: ${error instanceof Error ? error.message : String(error)}`, tenant);
    return unchanged('compressor_failed');
  } finally {
    clearTimeout(timer);
  }
  if (result === 'timeout') {
    await pinPending();
    recordFailure(slots, 'timeout', `compression took longer than ${timeoutMs} ms`, tenant);
    // Slots that were answered (mostly memo hits of resent history) still go compressed, as on
    // every other turn; only the slots still pending go raw (and are pinned raw from now on).
    const partial = partialBody(parsed, format, finished);
    if (!partial) return unchanged('timeout');
    return { ...partial, failOpen: 'timeout' };
  }
  // A slot that failed inside the pipeline went raw while the others may be compressed: the
  // request still says so, by the first failure's code (the pipeline recorded the failure).
  const failed = result.slots.map((slot) => slot.code).find(isFailure);
  if (!result.changed) return { ...unchanged(failed), tokensBefore: result.tokensBefore, tokensAfter: result.tokensAfter };
  return {
    body: result.body,
    edits: changedSlots(parsed, result.body, format),
    tokensBefore: result.tokensBefore,
    tokensAfter: result.tokensAfter,
    byCompressor: byCompressor(result.slots),
    ...(failed ? { failOpen: failed } : {}),
  };
}

/**
 * A request-level failure (the pipeline records its own per slot); the operator reads it in the
 * ledger. Not awaited: a store waiting on another process's lock must not hold up a request that
 * is already failing open (the row lands when the store answers, or the store's deadline drops it).
 */
function recordFailure(slots: FirstSight, code: FailureCode, message: string, tenant: string): void {
  void slots.pipeline.store.ledger.append({ type: 'failure', time: Date.now(), code, message, source: 'proxy', tenant }).catch(() => undefined);
}

/** The slots whose text differs between the parsed body and its compressed form (same paths: only strings were replaced). */
function changedSlots(parsed: unknown, compressed: unknown, format: RequestFormat): SlotEdit[] {
  const before = locateSlots(parsed, format).slots;
  const after = locateSlots(compressed, format).slots;
  const edits: SlotEdit[] = [];
  before.forEach((slot, i) => {
    const now = after[i];
    if (now && now.text !== slot.text) edits.push({ path: slot.path, from: slot.text, to: now.text });
  });
  return edits;
}

/** The body with the slots whose compression finished replaced; undefined when none did. */
function partialBody(parsed: unknown, format: RequestFormat, finished: readonly { text: string; result: PipelineResult }[]) {
  const done = new Map(finished.filter((f) => f.result.compressed).map((f) => [f.text, f.result]));
  if (done.size === 0) return undefined;
  const edits: SlotEdit[] = [];
  const totals: Totals = {};
  let tokensBefore = 0;
  let tokensAfter = 0;
  // The proxy never makes user text eligible, so only tool results and documents were compressed.
  for (const slot of locateSlots(parsed, format).slots) {
    const result = slot.kind === 'user_text' ? undefined : done.get(slot.text);
    if (!result || result.text === slot.text) continue;
    edits.push({ path: slot.path, from: slot.text, to: result.text });
    tokensBefore += result.tokensBefore;
    tokensAfter += result.tokensAfter;
    const entry = (totals[result.compressor ?? 'unknown'] ??= { tokensBefore: 0, tokensAfter: 0 });
    entry.tokensBefore += result.tokensBefore;
    entry.tokensAfter += result.tokensAfter;
  }
  if (edits.length === 0) return undefined;
  return { body: setPaths(parsed as Json, edits.map((e) => ({ path: e.path, value: e.to }))), edits, tokensBefore, tokensAfter, byCompressor: totals };
}

function byCompressor(slots: readonly SlotReport[]): Totals {
  const totals: Totals = {};
  for (const slot of slots) {
    if (!slot.compressor || (slot.status !== 'compressed' && slot.status !== 'memo')) continue;
    const entry = (totals[slot.compressor] ??= { tokensBefore: 0, tokensAfter: 0 });
    entry.tokensBefore += slot.tokensBefore;
    entry.tokensAfter += slot.tokensAfter;
  }
  return totals;
}
