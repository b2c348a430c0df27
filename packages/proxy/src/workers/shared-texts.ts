import type { TextMeasure } from '@headroom/core';

/** Where a slot's text sits in a request body held in shared memory: a JSON string literal's bytes. */
export interface SharedText {
  readonly buffer: SharedArrayBuffer;
  readonly start: number;
  readonly end: number;
  /** Its hash, token estimate and marker flag, taken where the body was parsed. */
  readonly measure: TextMeasure;
}

/**
 * The large slot texts of the requests in flight, by the string the request thread holds for them:
 * the text itself, or its stand-in (see `standInText`). The compression pool looks a task's text
 * up here and sends the worker the span of shared bytes instead of the string, so a 25 MB tool
 * result is never structured-cloned on the request thread (and never measured there). Lookups cost
 * nothing for long strings: V8 hashes a string above 16K characters by its length, and the
 * pipeline passes on the very string object that was registered.
 */
export interface SharedTexts {
  add(text: string, shared: SharedText): void;
  get(text: string): SharedText | undefined;
  delete(text: string): void;
  /** Records the real text behind a stand-in, once a thread sent it here (a compression that needs it stored). */
  resolve(standIn: string, original: string): void;
  /** The real text behind a registered stand-in, when a thread sent it; undefined otherwise. */
  original(standIn: string): string | undefined;
}

export function createSharedTexts(): SharedTexts {
  // Counted: two requests in flight may carry the same content.
  const entries = new Map<string, { shared: SharedText; count: number; original?: string }>();
  return {
    add(text, shared) {
      const entry = entries.get(text);
      if (entry) entry.count++;
      else entries.set(text, { shared, count: 1 });
    },
    get: (text) => entries.get(text)?.shared,
    delete(text) {
      const entry = entries.get(text);
      if (entry && --entry.count === 0) entries.delete(text);
    },
    resolve(standIn, original) {
      const entry = entries.get(standIn);
      if (entry) entry.original = original;
    },
    original: (standIn) => entries.get(standIn)?.original,
  };
}

/**
 * Stand-ins start with a NUL character and this name, then a random token of the body they came
 * from and the slot's index: nothing a client sends can name a registered one.
 */
const STAND_IN_PREFIX = '\u0000headroom-large-text:';

/**
 * The short string a large slot text is replaced by in the parsed body that a body thread hands
 * the request thread. Receiving the real text there would cost a structured clone of all of it
 * (25 MB: tens of milliseconds with the event loop stopped); the stand-in is all the request thread
 * needs, since the text is measured, compressed and spliced by its span in shared memory.
 */
export function standInText(token: string, index: number): string {
  return `${STAND_IN_PREFIX}${token}:${index}`;
}

/** True for a string made by `standInText` (registered or not). */
export function isStandIn(text: string): boolean {
  return text.length < 200 && text.startsWith(STAND_IN_PREFIX);
}
