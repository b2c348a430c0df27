import { type CompressInput, type CompressionMode, compressRequest, type FailureCode, isFailure, type Json, setPaths, locateSlots, type Pipeline, type PipelineResult, type RequestFormat, type SlotReport } from '@headroom/core';
import type { FirstSight } from './first-sight.js';

type Totals = Record<string, { tokensBefore: number; tokensAfter: number }>;

export interface CompressedBody {
  /** The bytes to forward: the original buffer itself when nothing changed. */
  readonly bytes: Buffer;
  /** The body those bytes encode: the parsed request itself when nothing changed. */
  readonly body: unknown;
  readonly changed: boolean;
  /** Estimated tokens of the compressible slots, before and after. */
  readonly tokensBefore: number;
  readonly tokensAfter: number;
  readonly byCompressor: Totals;
  /** Why (some of) the original was forwarded although compression was attempted, as a code. */
  readonly failOpen?: FailureCode;
}

/**
 * True when the parsed body holds a number JSON.parse could not represent exactly (an integer past
 * 2^53, or an overflow to Infinity): re-serializing would change it, so such bodies are forwarded
 * as they came. Walks the parsed tree, not the text, so digits inside strings never count.
 */
export function hasUnsafeNumbers(root: unknown): boolean {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value === 'number') {
      if (!Number.isFinite(value) || (Number.isInteger(value) && !Number.isSafeInteger(value))) return true;
    } else if (Array.isArray(value)) {
      for (const item of value) if (typeof item === 'object' || typeof item === 'number') stack.push(item);
    } else if (typeof value === 'object' && value !== null) {
      for (const key in value) {
        const item = (value as Record<string, unknown>)[key];
        if (typeof item === 'object' || typeof item === 'number') stack.push(item);
      }
    }
  }
  return false;
}

/**
 * Compresses the slots of a parsed body in `mode` and returns the bytes to forward: the original
 * buffer when nothing changed, the re-serialized body otherwise.
 */
export async function compressBody(slots: FirstSight, raw: Buffer, parsed: unknown, format: RequestFormat, timeoutMs: number, mode: CompressionMode, tenant: string): Promise<CompressedBody> {
  const unchanged = (failOpen?: FailureCode): CompressedBody => ({
    bytes: raw,
    body: parsed,
    changed: false,
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
  try {
    result = await Promise.race([compressRequest(pinning, parsed, format, { mode, tenant }), timeout]);
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
    const reason = 'timeout';
    // Slots that were answered (mostly memo hits of resent history) still go compressed, as on
    // every other turn; only the slots still pending go raw (and are pinned raw from now on).
    const partial = partialBody(parsed, format, finished);
    if (!partial) return unchanged(reason);
    return serialize(partial.body, { tokensBefore: partial.tokensBefore, tokensAfter: partial.tokensAfter, byCompressor: partial.byCompressor, failOpen: reason });
  }
  // A slot that failed inside the pipeline went raw while the others may be compressed: the
  // request still says so, by the first failure's code.
  const failed = result.slots.map((slot) => slot.code).find(isFailure);
  if (!result.changed) return { ...unchanged(failed), tokensBefore: result.tokensBefore, tokensAfter: result.tokensAfter };
  return serialize(result.body, { tokensBefore: result.tokensBefore, tokensAfter: result.tokensAfter, byCompressor: byCompressor(result.slots), ...(failed ? { failOpen: failed } : {}) });

  async function serialize(body: unknown, totals: Omit<CompressedBody, 'bytes' | 'body' | 'changed'>): Promise<CompressedBody> {
    const asSent = { ...unchanged(totals.failOpen), tokensBefore: totals.tokensBefore, tokensAfter: totals.tokensBefore };
    // Checked only now: most bodies that need no re-serializing never pay for the scan.
    if (hasUnsafeNumbers(parsed)) return asSent;
    let serialized: string;
    try {
      serialized = JSON.stringify(body);
    } catch (error) {
      // JSON.parse accepts nesting far deeper than JSON.stringify can write back.
      recordFailure(slots, 'invalid_output', `the compressed body could not be serialized (${error instanceof Error ? error.message : String(error)})`, tenant);
      return { ...asSent, failOpen: 'invalid_output' };
    }
    return { ...totals, bytes: Buffer.from(serialized, 'utf8'), body, changed: true };
  }
}

/**
 * A request-level failure (the pipeline records its own per slot); the operator reads it in the
 * ledger. Not awaited: a store waiting on another process's lock must not hold up a request that
 * is already failing open (the row lands when the store answers, or the store's deadline drops it).
 */
function recordFailure(slots: FirstSight, code: FailureCode, message: string, tenant: string): void {
  void slots.pipeline.store.ledger.append({ type: 'failure', time: Date.now(), code, message, source: 'proxy', tenant }).catch(() => undefined);
}

/** The body with the slots whose compression finished replaced; undefined when none did. */
function partialBody(parsed: unknown, format: RequestFormat, finished: readonly { text: string; result: PipelineResult }[]) {
  const done = new Map(finished.filter((f) => f.result.compressed).map((f) => [f.text, f.result]));
  if (done.size === 0) return undefined;
  const replacements: { path: readonly (string | number)[]; value: string }[] = [];
  const totals: Totals = {};
  let tokensBefore = 0;
  let tokensAfter = 0;
  // The proxy never makes user text eligible, so only tool results and documents were compressed.
  for (const slot of locateSlots(parsed, format).slots) {
    const result = slot.kind === 'user_text' ? undefined : done.get(slot.text);
    if (!result || result.text === slot.text) continue;
    replacements.push({ path: slot.path, value: result.text });
    tokensBefore += result.tokensBefore;
    tokensAfter += result.tokensAfter;
    const entry = (totals[result.compressor ?? 'unknown'] ??= { tokensBefore: 0, tokensAfter: 0 });
    entry.tokensBefore += result.tokensBefore;
    entry.tokensAfter += result.tokensAfter;
  }
  if (replacements.length === 0) return undefined;
  return { body: setPaths(parsed as Json, replacements), tokensBefore, tokensAfter, byCompressor: totals };
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
