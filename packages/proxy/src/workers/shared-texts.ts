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
 * The large slot texts of the requests in flight, by the text itself. The compression pool looks a
 * task's text up here and sends the worker the span of shared bytes instead of the string, so a
 * 25 MB tool result is never structured-cloned on the request thread (and never measured there).
 * Lookups cost nothing for long strings: V8 hashes a string above 16K characters by its length,
 * and the pipeline passes on the very string object that was registered.
 */
export interface SharedTexts {
  add(text: string, shared: SharedText): void;
  get(text: string): SharedText | undefined;
  delete(text: string): void;
}

export function createSharedTexts(): SharedTexts {
  // Counted: two requests in flight may carry the same content.
  const entries = new Map<string, { shared: SharedText; count: number }>();
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
  };
}
