import type { HeadroomStore } from '@headroom/core';

/**
 * What the chat step remembers per conversation, in the store's memo under the tenant (so it
 * survives a proxy restart and is shared by replicas on one store). Decisions are slot keys, not
 * texts: the texts are pure functions of the history the client resends, so every later turn
 * rebuilds the same bytes.
 */
export interface ConversationState {
  readonly v: 1;
  /** When this conversation's last request went out (the step's clock). */
  readonly lastSeen: number;
  /** Slots elided at a compaction point. */
  readonly elided: readonly string[];
  /** Slots turned into a reference: slot key -> the key of the earlier slot it refers to. */
  readonly deduped: Readonly<Record<string, string>>;
  /** When each compaction point happened. */
  readonly compactions: readonly number[];
  /** When the originals behind this conversation's markers last had their expiry extended. */
  readonly touchedAt: number;
  /**
   * Slots sent as the client sent them, although per-slot compression would have put a marker in
   * them: the conversation had no marker yet, and the first one (which brings the retrieve tool and
   * so changes the cached tool list) would not have paid for the cache rewrite. Kept that way.
   */
  readonly raw?: readonly string[];
}

const memoKey = (conversation: string) => `chat|${conversation}`;

export async function loadState(store: HeadroomStore, tenant: string, conversation: string): Promise<ConversationState | undefined> {
  const entry = await store.memo.get(tenant, memoKey(conversation));
  if (!entry) return undefined;
  try {
    const state = JSON.parse(entry.text) as ConversationState;
    return state.v === 1 && Array.isArray(state.elided) ? state : undefined;
  } catch {
    return undefined;
  }
}

export async function saveState(store: HeadroomStore, tenant: string, conversation: string, state: ConversationState): Promise<void> {
  await store.memo.set(tenant, memoKey(conversation), {
    text: JSON.stringify(state),
    compressor: 'chat',
    contentType: 'conversation-state',
    tokensBefore: 0,
    tokensAfter: 0,
    refs: [],
  });
}
