import {
  type CompressInput,
  compressRequest,
  contentHash,
  type Pipeline,
  type PipelineResult,
  type RequestFormat,
  type SlotReport,
} from '@headroom/core';

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

/** Store key under which the proxy remembers content it forwarded uncompressed after a failure. */
const pinKey = (text: string) => `proxy-pin|${contentHash(text)}`;

const TRANSIENT = /timed out|after its deadline|^store unavailable|^compressor threw/;

/**
 * A long integer literal outside a string would lose precision through JSON.parse, and
 * re-serializing would then change it: such bodies are forwarded as they came.
 */
const UNSAFE_NUMBER = /[:[,]\s*-?\d{16,}/;

/**
 * Compresses the slots of a parsed body (lossless only) and returns the bytes to forward.
 *
 * Cache safety: the pipeline memoizes every compression by content, so content resent on a
 * later turn gets the same bytes. The one gap is content the proxy had to forward uncompressed
 * because compression failed or ran out of time: compressing it on a later turn would change a
 * prefix the provider may have cached. Such content is pinned (in the store's memo) and stays
 * uncompressed from then on.
 */
export async function compressBody(pipeline: Pipeline, raw: Buffer, text: string, parsed: unknown, format: RequestFormat, timeoutMs: number): Promise<CompressedBody> {
  const unchanged = (failOpen?: string): CompressedBody => ({
    bytes: raw,
    changed: false,
    tokensBefore: 0,
    tokensAfter: 0,
    byCompressor: {},
    ...(failOpen ? { failOpen } : {}),
  });
  if (UNSAFE_NUMBER.test(text)) return unchanged();

  const attempted: string[] = [];
  const pinning: Pipeline = {
    ...pipeline,
    compress: (slot, input) => {
      attempted.push(slot);
      return compressPinned(pipeline, slot, input ?? {});
    },
  };
  // Slots of a request that went out uncompressed: a compressed form finishing late must never be used.
  const pinAll = () => Promise.all(attempted.map((slot) => pin(pipeline, slot)));
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  let result: Awaited<ReturnType<typeof compressRequest>> | 'timeout';
  try {
    result = await Promise.race([compressRequest(pinning, parsed, format, { mode: 'lossless' }), timeout]);
  } catch (error) {
    await pinAll();
    return unchanged(`compression failed: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    clearTimeout(timer);
  }
  if (result === 'timeout') {
    await pinAll();
    return unchanged(`compression took longer than ${timeoutMs} ms`);
  }
  if (!result.changed) return { ...unchanged(), tokensBefore: result.tokensBefore, tokensAfter: result.tokensAfter };
  return {
    bytes: Buffer.from(JSON.stringify(result.body), 'utf8'),
    changed: true,
    tokensBefore: result.tokensBefore,
    tokensAfter: result.tokensAfter,
    byCompressor: byCompressor(result.slots),
  };
}

async function compressPinned(pipeline: Pipeline, text: string, input: CompressInput): Promise<PipelineResult> {
  const pinned = await pipeline.store.memo.get(pinKey(text)).catch(() => undefined);
  if (pinned) {
    const tokens = pipeline.tokenizer.estimate(text);
    return { text, compressed: false, tokensBefore: tokens, tokensAfter: tokens, exact: false, markers: [], memoHit: false, reason: 'forwarded uncompressed when first seen', warnings: [] };
  }
  const result = await pipeline.compress(text, input);
  if (!result.compressed && result.reason !== undefined && TRANSIENT.test(result.reason)) await pin(pipeline, text);
  return result;
}

async function pin(pipeline: Pipeline, text: string): Promise<void> {
  const entry = { text: '', compressor: 'proxy-pin', contentType: '', tokensBefore: 0, tokensAfter: 0, refs: [] };
  await pipeline.store.memo.set(pinKey(text), entry).catch(() => undefined);
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
