import type { IncomingMessage } from 'node:http';
import { locateSlots, type RequestFormat } from '@headroom/core';
import type { BodyThreads } from '../workers/body-threads.js';
import { isStandIn, type SharedTexts } from '../workers/shared-texts.js';
import { pathKey } from './json-spans.js';
import { parseJsonBytes } from './parse-json-bytes.js';
import type { LocatedElsewhere } from './prepare-body.js';
import { BodyTooLarge, readBody, readBodyShared } from './read-body.js';
import { type CheckedString, SKELETON_MIN_BODY_BYTES, skeletonParse } from './skeleton-parse.js';
import type { SpliceMemo } from './splice-memo.js';

/** Bodies from `minBytes` on are parsed on body threads, never on the request thread. */
export interface LargeBodies {
  readonly minBytes: number;
  readonly threads: BodyThreads;
  /** Where their large slot texts are registered for the compression pool (see `SharedTexts`). */
  readonly texts: SharedTexts;
  /**
   * Slot texts from this many characters on reach the request thread as stand-ins, never as text
   * (see `locateBody`). Absent: every text crosses.
   */
  readonly standInChars?: number;
}

export type ReadRequest =
  | {
      readonly kind: 'parsed';
      readonly raw: Buffer;
      readonly parsed: Record<string, unknown>;
      /** `performance.now()` when the last byte arrived. */
      readonly receivedAt: number;
      /** Set for a body parsed on a body thread. */
      readonly located?: LocatedElsewhere;
      /** Long strings of a body parsed here from their bytes (see `skeletonParse`), by path key. */
      readonly strings?: ReadonlyMap<string, CheckedString>;
      /** Ends the registration of its large texts: call once the request no longer compresses. */
      readonly release: () => void;
    }
  /** A large body that could not be located in time (or its thread died): forwarded as it came. */
  | { readonly kind: 'unlocated'; readonly raw: Buffer; readonly failOpen: 'timeout' | 'compressor_failed'; readonly message: string }
  | { readonly kind: 'refused'; readonly error: 'too_large' | 'bad_request'; readonly message: string }
  /** The client went away mid-body. */
  | { readonly kind: 'gone' };

const nothing = () => undefined;

/**
 * Reads and parses a request body for compression. A small body is read and parsed here; a large
 * one (declared length from `large.minBytes` on) is read into shared memory and parsed, located
 * and measured on a body thread, so the request thread never decodes, parses or scans it.
 */
export async function readRequest(
  req: IncomingMessage,
  maxBodyBytes: number,
  format: RequestFormat,
  large: LargeBodies | undefined,
  deadline: () => number,
  seen?: { readonly memo: SpliceMemo; readonly tenant: string },
): Promise<ReadRequest> {
  const declared = Number(req.headers['content-length']);
  if (large && Number.isSafeInteger(declared) && declared >= large.minBytes && declared <= maxBodyBytes) {
    let raw: Buffer;
    try {
      raw = await readBodyShared(req, declared);
    } catch {
      return { kind: 'gone' };
    }
    const receivedAt = performance.now();
    const located = await large.threads.locate(raw.buffer as SharedArrayBuffer, raw.length, format, deadline(), large.standInChars);
    if (!located.ok) {
      if (located.reason === 'not_json') return { kind: 'refused', error: 'bad_request', message: `the request body is not valid JSON (${located.message})` };
      if (located.reason === 'not_object') return { kind: 'refused', error: 'bad_request', message: located.message };
      return { kind: 'unlocated', raw, failOpen: located.reason === 'timeout' ? 'timeout' : 'compressor_failed', message: located.message };
    }
    // The body came back as a structured clone: the same strings the thread measured (or their
    // stand-ins), in the same slot order. Each large one is registered with its span, so the
    // compression pool reads it from the shared bytes instead of a copy sent from here.
    const registered: string[] = [];
    const unmarked = new Set<string>();
    let standIns = false;
    locateSlots(located.body, format).slots.forEach((slot, index) => {
      const measure = located.measures.get(index);
      const span = located.spans.get(pathKey(slot.path));
      if (!measure) return;
      if (!measure.hasMarkers) unmarked.add(slot.text);
      if (!span) return;
      standIns ||= isStandIn(slot.text);
      large.texts.add(slot.text, { buffer: raw.buffer as SharedArrayBuffer, start: span.start, end: span.end, measure });
      registered.push(slot.text);
    });
    return {
      kind: 'parsed',
      raw,
      parsed: located.body,
      receivedAt,
      located: { spans: located.spans, unmarked: (text) => unmarked.has(text), standIns },
      release: () => {
        for (const text of registered.splice(0)) large.texts.delete(text);
      },
    };
  }
  let raw: Buffer;
  try {
    raw = await readBody(req, maxBodyBytes);
  } catch (error) {
    if (!(error instanceof BodyTooLarge)) return { kind: 'gone' };
    return { kind: 'refused', error: 'too_large', message: error.message };
  }
  const receivedAt = performance.now();
  // Resent history is found by its bytes; anything that path is unsure of is parsed as below.
  const skeleton = seen && raw.length >= SKELETON_MIN_BODY_BYTES ? skeletonParse(raw, seen.memo, seen.tenant) : undefined;
  if (skeleton && !Array.isArray(skeleton.parsed)) {
    return { kind: 'parsed', raw, parsed: skeleton.parsed as Record<string, unknown>, receivedAt, strings: skeleton.strings, release: nothing };
  }
  let parsed: unknown;
  try {
    parsed = parseJsonBytes(raw);
  } catch (error) {
    return { kind: 'refused', error: 'bad_request', message: `the request body is not valid JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { kind: 'refused', error: 'bad_request', message: 'the request body must be a JSON object' };
  return { kind: 'parsed', raw, parsed: parsed as Record<string, unknown>, receivedAt, release: nothing };
}
