import { type CompressInput, compressRequest, type Pipeline, type RequestFormat, type SlotReport } from '@headroom/core';
import type { FirstSight } from './first-sight.js';

export interface CompressedBody {
  /** The bytes to forward: the original buffer itself when nothing changed. */
  readonly bytes: Buffer;
  readonly changed: boolean;
  /** Estimated tokens of the compressible slots, before and after. */
  readonly tokensBefore: number;
  readonly tokensAfter: number;
  readonly byCompressor: Record<string, { tokensBefore: number; tokensAfter: number }>;
  /** Why the original was forwarded although compression was attempted (timeout, error). */
  readonly failOpen?: string;
}

/**
 * True when the parsed body holds a number JSON.parse could not represent exactly (an integer past
 * 2^53, or an overflow to Infinity): re-serializing would change it, so such bodies are forwarded
 * as they came. Walks the parsed tree, not the text, so digits inside strings never count.
 */
function hasUnsafeNumbers(root: unknown): boolean {
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
 * Compresses the slots of a parsed body (lossless only) and returns the bytes to forward: the
 * original buffer when nothing changed, the re-serialized body otherwise.
 */
export async function compressBody(slots: FirstSight, raw: Buffer, parsed: unknown, format: RequestFormat, timeoutMs: number): Promise<CompressedBody> {
  const unchanged = (failOpen?: string): CompressedBody => ({
    bytes: raw,
    changed: false,
    tokensBefore: 0,
    tokensAfter: 0,
    byCompressor: {},
    ...(failOpen ? { failOpen } : {}),
  });
  // Slots still being compressed. Entries are objects: keying a Map by the text itself would hash
  // every (long, freshly parsed) string.
  const pending = new Set<{ readonly text: string }>();
  const pinning: Pipeline = {
    ...slots.pipeline,
    compress: async (text: string, input?: CompressInput) => {
      const entry = { text };
      pending.add(entry);
      try {
        return await slots.compress(text, input ?? {});
      } finally {
        pending.delete(entry);
      }
    },
  };
  // The request goes out uncompressed: slots still being compressed were sent raw, and a compressed
  // form finishing late must never be used for them. Slots already answered (memo hits) are not
  // pinned: earlier turns sent them compressed, and later turns will again.
  const pinPending = () => Promise.all([...pending].map((entry) => slots.pin(entry.text)));
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  let result: Awaited<ReturnType<typeof compressRequest>> | 'timeout';
  try {
    result = await Promise.race([compressRequest(pinning, parsed, format, { mode: 'lossless' }), timeout]);
  } catch (error) {
    await pinPending();
    return unchanged(`compression failed: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    clearTimeout(timer);
  }
  if (result === 'timeout') {
    await pinPending();
    return unchanged(`compression took longer than ${timeoutMs} ms`);
  }
  if (!result.changed) return { ...unchanged(), tokensBefore: result.tokensBefore, tokensAfter: result.tokensAfter };
  // Checked only now: most bodies that need no re-serializing never pay for the scan.
  if (hasUnsafeNumbers(parsed)) return { ...unchanged(), tokensBefore: result.tokensBefore, tokensAfter: result.tokensBefore };
  let serialized: string;
  try {
    serialized = JSON.stringify(result.body);
  } catch (error) {
    // JSON.parse accepts nesting far deeper than JSON.stringify can write back.
    return { ...unchanged(`the compressed body could not be serialized (${error instanceof Error ? error.message : String(error)})`), tokensBefore: result.tokensBefore, tokensAfter: result.tokensBefore };
  }
  return {
    bytes: Buffer.from(serialized, 'utf8'),
    changed: true,
    tokensBefore: result.tokensBefore,
    tokensAfter: result.tokensAfter,
    byCompressor: byCompressor(result.slots),
  };
}

function byCompressor(slots: readonly SlotReport[]): Record<string, { tokensBefore: number; tokensAfter: number }> {
  const totals: Record<string, { tokensBefore: number; tokensAfter: number }> = {};
  for (const slot of slots) {
    if (!slot.compressor || (slot.status !== 'compressed' && slot.status !== 'memo')) continue;
    const entry = (totals[slot.compressor] ??= { tokensBefore: 0, tokensAfter: 0 });
    entry.tokensBefore += slot.tokensBefore;
    entry.tokensAfter += slot.tokensAfter;
  }
  return totals;
}
