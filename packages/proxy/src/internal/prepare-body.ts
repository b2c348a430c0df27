import type { CompressionMode, RequestFormat } from '@headroom/core';
import { type PreparedRetrieval, prepareRetrieval } from '../retrieval/prepare-retrieval.js';
import { type CompressedBody, compressBody, type FailOpenCode } from './compress-body.js';
import { spliceBody } from './exact-body.js';
import type { FirstSight } from './first-sight.js';
import type { JsonSpan } from './json-spans.js';
import type { CheckedString } from './skeleton-parse.js';

export interface PreparedBody {
  readonly result: CompressedBody;
  /** What goes upstream: the client's bytes, with compressed slots (and the retrieve tool) spliced in. */
  readonly bytes: Buffer;
  /** Set when the request carries markers the model may redeem through the retrieve tool. */
  readonly retrieval: PreparedRetrieval | undefined;
  readonly failOpen: FailOpenCode | undefined;
}

/** What a body thread found in a large body (see `locateBody`), so that nothing here scans it again. */
export interface LocatedElsewhere {
  /** Byte spans of the slots, the top-level object and `tools`, checked against the parse. */
  readonly spans: ReadonlyMap<string, JsonSpan>;
  /** True for a slot text measured there that carries no marker. */
  readonly unmarked: (text: string) => boolean;
  /** True when some slot texts of the body are stand-ins: the body must never be serialized whole. */
  readonly standIns: boolean;
}

/**
 * Compression and the retrieve tool, spliced into the original bytes. Fails open: anything that
 * goes wrong here (a body the splice cannot reproduce exactly, an unexpected error) sends the
 * client's bytes untouched, with a code for `x-headroom-compression-failed`.
 */
export async function prepareBody(
  slots: FirstSight,
  raw: Buffer,
  parsed: unknown,
  format: RequestFormat,
  timeoutMs: number,
  mode: 'lossy' | 'lossless',
  tenant: string,
  located?: LocatedElsewhere,
  strings?: ReadonlyMap<string, CheckedString>,
): Promise<PreparedBody> {
  const asReceived = (result: CompressedBody, failOpen: FailOpenCode): PreparedBody => ({
    result: { ...result, body: parsed, edits: [], tokensAfter: result.tokensBefore, byCompressor: {} },
    bytes: raw,
    retrieval: undefined,
    failOpen,
  });
  let result: CompressedBody = { body: parsed, edits: [], tokensBefore: 0, tokensAfter: 0, byCompressor: {} };
  try {
    result = await compressBody(slots, parsed, format, timeoutMs, mode as CompressionMode, tenant);
    const retrieval = mode !== 'lossy' ? undefined : prepareRetrieval(result.body, format, {
      ...(located ? { unmarked: located.unmarked } : {}),
      // A conversation step that decides when the first marker pays also decides when the tool comes.
      offerBeforeMarkers: slots.conversation?.decidesRetrieveTool?.(format) !== true,
    });
    const bytes = spliceBody(raw, result.edits, retrieval?.tool, located?.spans, { memo: slots.splice, tenant }, strings);
    if (!bytes) return asReceived(result, 'inexact_body');
    return { result, bytes, retrieval, failOpen: result.failOpen };
  } catch {
    return asReceived(result, 'compressor_failed');
  }
}
