import type { ScriptedEvent } from '@headroom/proxy/testing';

export type HoldRelease = 'condition' | 'time limit';

/**
 * A scripted stream whose events after the first `firstType` event wait for `until` (the
 * condition: the client has printed something, another session has ended) — or for `limitMs`, so
 * that a proxy that buffers the turn makes the test fail instead of hang. `released` says which
 * came first.
 */
export function holdStream(
  events: readonly ScriptedEvent[],
  firstType: string,
  until: Promise<unknown>,
  limitMs: number,
): { readonly events: ScriptedEvent[]; readonly released: Promise<HoldRelease> } {
  const limit = new Promise<HoldRelease>((resolve) => setTimeout(() => resolve('time limit'), limitMs).unref());
  const released = Promise.race([until.then((): HoldRelease => 'condition'), limit]);
  const first = events.findIndex((e) => (e.data as { type?: unknown }).type === firstType);
  return { events: events.map((e, i) => (i > first ? { ...e, waitFor: released } : e)), released };
}
