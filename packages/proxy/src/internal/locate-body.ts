import { randomUUID } from 'node:crypto';
import { type Json, locateSlots, measureText, type RequestFormat, setPaths, type TextMeasure } from '@headroom/core';
import { standInText } from '../workers/shared-texts.js';
import { findSpans, type JsonSpan, pathKey } from './json-spans.js';

/** Slot texts from this many characters on are measured where the body was parsed (the pipeline measures smaller ones itself). */
export const MEASURE_HERE_CHARS = 16 * 1024;

/**
 * Slot texts from this many characters on may reach the request thread as stand-ins (see
 * `locateBody`): a structured clone of 64 KiB is a few microseconds, of 25 MB tens of milliseconds.
 */
export const STAND_IN_CHARS = 64 * 1024;

/** What parsing a large body off the request thread hands back. */
export type LocatedBody =
  | {
      readonly ok: true;
      /**
       * The parsed body (a structured clone of what JSON.parse gave there), with the large slot
       * texts replaced by stand-ins when asked (see `locateBody`).
       */
      readonly body: Record<string, unknown>;
      /**
       * Byte spans of every slot string, of the top-level object and of `tools`, by path key. Each
       * slot's span was checked to decode to exactly the text JSON.parse read there, so the request
       * thread can splice by offset without decoding anything again.
       */
      readonly spans: ReadonlyMap<string, JsonSpan>;
      /** Hash, token estimate and marker flag of the large slots, by slot index (locateSlots order). */
      readonly measures: ReadonlyMap<number, TextMeasure>;
    }
  | { readonly ok: false; readonly reason: 'not_json' | 'not_object'; readonly message: string };

/**
 * Everything O(body size) that a compressed request needs before compression: decode, parse,
 * locate the slots, find their byte spans (checked against the parse) and measure the large ones.
 * Runs on a body thread for large bodies; pure but for the stand-ins' random token, so it is
 * tested here directly.
 *
 * From `standInChars` characters on, a tool result or document whose span was checked and that
 * carries no marker is replaced in the returned body by a stand-in (`standInText`): the request
 * thread then never receives (nor holds) its text, only its span and measure. User text is never
 * replaced (the pipeline reads the user's query from it), nor is text with markers (retrieval reads
 * their refs there).
 */
export function locateBody(raw: Buffer, format: RequestFormat, standInChars = Number.POSITIVE_INFINITY): LocatedBody {
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch (error) {
    return { ok: false, reason: 'not_json', message: error instanceof Error ? error.message : String(error) };
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { ok: false, reason: 'not_object', message: 'the request body must be a JSON object' };
  const slots = locateSlots(body, format).slots;
  const found = findSpans(raw, [...slots.map((s) => s.path), [], ['tools']]);
  const spans = new Map<string, JsonSpan>();
  const measures = new Map<number, TextMeasure>();
  const standIns: { path: readonly (string | number)[]; value: string }[] = [];
  const token = Number.isFinite(standInChars) ? randomUUID() : '';
  slots.forEach((slot, index) => {
    const key = pathKey(slot.path);
    const span = found?.get(key);
    // A slot whose bytes do not decode to its text (a body this scanner reads differently from
    // JSON.parse) gets no span: the request thread then leaves it as it came.
    const checked = span?.kind === 'string' && decodesTo(raw, span, slot.text);
    if (checked) spans.set(key, span);
    if (slot.text.length < MEASURE_HERE_CHARS) return;
    const measure = measureText(slot.text);
    measures.set(index, measure);
    if (checked && slot.kind !== 'user_text' && !measure.hasMarkers && slot.text.length >= standInChars) standIns.push({ path: slot.path, value: standInText(token, index) });
  });
  for (const path of [[], ['tools']]) {
    const span = found?.get(pathKey(path));
    if (span) spans.set(pathKey(path), span);
  }
  return { ok: true, body: setPaths(body as Json, standIns) as Record<string, unknown>, spans, measures };
}

function decodesTo(raw: Buffer, span: JsonSpan, text: string): boolean {
  try {
    return JSON.parse(raw.toString('utf8', span.start, span.end)) === text;
  } catch {
    return false;
  }
}
