import type { ConversationInput, ConversationResult, ConversationRewrite, ConversationStep, Slot } from '@headroom/core';
import { compactionPaybackTurns, cacheMultipliers } from './cost-model.js';
import { type ConversationState, loadState, saveState } from './internal/conversation-state.js';
import { requestFacts } from './internal/request-facts.js';
import { elisionText, referenceText } from './internal/slot-texts.js';
import { contentHash, hasMarkers, RETRIEVE_TOOL_NAME } from '@headroom/core';

export interface ChatCompressorOptions {
  /** The clock, in milliseconds (tests and the bench inject one). Default `Date.now`. */
  readonly now?: () => number;
  /** The newest tool results never touched. Default 3. */
  readonly keepToolResults?: number;
  /** Turn a new tool result that repeats an earlier one into a reference plus diff. Default true. */
  readonly dedup?: boolean;
  /** Elide stale tool results at compaction points. Default true. */
  readonly compaction?: boolean;
  /** Smallest tool result (estimated tokens, as it would be sent) worth a reference. Default 64. */
  readonly minDedupTokens?: number;
  /** Smallest tool result worth eliding. Default 100. */
  readonly minElideTokens?: number;
  /** A warm-cache compaction is considered only from this request size on (estimated tokens). Default 30 000. */
  readonly compactAtTokens?: number;
  /** A warm-cache compaction must pay for its cache write within this many turns. Default 4. */
  readonly paybackTurns?: number;
  /** A compaction point must also remove at least this many tokens (it costs a cache rebuild). Default 2000. */
  readonly minRemovedTokens?: number;
  /** The cache counts as cold this long after its TTL (clock skew, the provider's own slack). Default 60 000. */
  readonly coldMarginMs?: number;
  /** Cache TTLs: Anthropic 5 min (1 h when the request asks), OpenAI 10 min (24 h when asked). */
  readonly anthropicTtlMs?: number;
  readonly openaiTtlMs?: number;
  /** Most line edits a reference's diff may show. Default 200. */
  readonly maxDiffEdits?: number;
  /**
   * Where the host adds the retrieve tool only with the first marker (`retrieveToolOffered` unset:
   * a client without tools, an SDK caller's own tool loop), that marker changes the tool list and
   * so the whole cached prefix: outside a compaction point it must pay back its cache rewrite
   * within this many turns, or the new results go as the client sent them. Default 8.
   */
  readonly firstMarkerPaybackTurns?: number;
}

const MINUTE = 60_000;

const CHAT_FORMATS: ReadonlySet<string> = new Set(['anthropic-messages', 'openai-chat', 'openai-responses']);

/** Tokens of a history item around its slot texts (role, ids, block types). */
const ITEM_FRAMING_TOKENS = 20;

/** Per-process cache of reference texts: a diff is computed once, not on every turn that resends it. */
const REFERENCE_CACHE_MAX = 2000;

/**
 * The conversation step: cross-turn references at first sight and stale tool results elided at
 * compaction points, decided by the prompt-cache cost model and remembered per conversation.
 */
export function chatCompressor(options: ChatCompressorOptions = {}): ConversationStep {
  const now = options.now ?? Date.now;
  const keep = options.keepToolResults ?? 3;
  const minDedup = options.minDedupTokens ?? 64;
  const minElide = options.minElideTokens ?? 100;
  const compactAt = options.compactAtTokens ?? 30_000;
  const payback = options.paybackTurns ?? 4;
  const minRemoved = options.minRemovedTokens ?? 2000;
  const margin = options.coldMarginMs ?? MINUTE;
  const maxEdits = options.maxDiffEdits ?? 200;
  const firstMarkerPayback = options.firstMarkerPaybackTurns ?? 8;
  const references = new Map<string, { text: string; ref: string } | null>();
  // Elisions resent every turn: built (summary, error lines, ref hash) once per slot, not per turn.
  const elisions = new Map<string, { text: string; ref: string }>();
  const elision = (slot: Slot, key: string) => {
    let made = elisions.get(key);
    if (!made) {
      made = elisionText(slot);
      if (elisions.size >= REFERENCE_CACHE_MAX) elisions.delete(elisions.keys().next().value!);
      elisions.set(key, made);
    }
    return made;
  };

  async function rewrite(input: ConversationInput): Promise<ConversationResult> {
    // Gemini's conversation shape is not modelled here yet: its requests pass as per-slot compression left them.
    if (input.mode === 'lossless' || !CHAT_FORMATS.has(input.format)) return { rewrites: [] };
    const facts = requestFacts(input.body, input.format);
    if (facts.serverSide) return { rewrites: [] };
    const at = now();
    const { store, tenant } = input;
    // Estimates are O(size): each distinct string is measured once per request.
    const measured = new Map<string, number>();
    const estimate = (text: string) => {
      let tokens = measured.get(text);
      if (tokens === undefined) {
        tokens = input.tokenizer.estimate(text);
        measured.set(text, tokens);
      }
      return tokens;
    };
    const state = await loadState(store, tenant, facts.conversationKey);
    const slots = input.located.slots;
    const keys = slots.map(slotKey);
    const indexOfKey = new Map(keys.map((key, i) => [key, i]));
    const tools = slots.map((slot, i) => (slot.kind === 'tool_result' ? i : -1)).filter((i) => i >= 0);

    const elided = new Set(state?.elided ?? []);
    const raw = new Set(state?.raw ?? []);
    const deduped: Record<string, string> = { ...state?.deduped };
    const rewrites = new Map<number, ConversationRewrite>();
    const toStore: { ref: string; slot: Slot }[] = [];
    const sentTokens = (i: number) => estimate(input.sent[i]!);
    const put = (i: number, text: string, ref: string) => {
      const before = estimate(rewrites.get(i)?.text ?? input.sent[i]!);
      const after = estimate(text);
      // Never larger than what would have been sent.
      if (after >= before) return false;
      rewrites.set(i, { slot: i, text, tokensBefore: before, tokensAfter: after, refs: [ref] });
      return true;
    };

    // 1. Decisions of earlier turns, rebuilt byte for byte.
    for (const i of tools) {
      const key = keys[i]!;
      if (raw.has(key) && !elided.has(key)) {
        revert(i);
      } else if (elided.has(key)) {
        const { text, ref } = elision(slots[i]!, key);
        put(i, text, ref);
      } else if (deduped[key] !== undefined) {
        const earlier = indexOfKey.get(deduped[key]!);
        const made = earlier === undefined ? undefined : reference(i, earlier);
        if (made) put(i, made.text, made.ref);
      }
    }

    // 2. First sight: tool results after the last assistant turn are new this turn.
    if (options.dedup !== false) {
      for (const i of tools) {
        const slot = slots[i]!;
        if (slot.messageIndex <= facts.lastAssistant || rewrites.has(i) || elided.has(keys[i]!)) continue;
        if (sentTokens(i) < minDedup) continue;
        const earlier = earlierMatch(i);
        if (earlier === undefined) continue;
        const made = reference(i, earlier);
        if (made && estimate(made.text) <= sentTokens(i) * 0.6 && put(i, made.text, made.ref)) {
          deduped[keys[i]!] = keys[earlier]!;
          toStore.push({ ref: made.ref, slot });
        }
      }
    }

    // 3. A compaction point?
    const compactions = [...(state?.compactions ?? [])];
    if (options.compaction !== false) {
      const decided = compactionCandidates();
      if (decided.length > 0) {
        for (const { i, text, ref } of decided) {
          put(i, text, ref);
          elided.add(keys[i]!);
          toStore.push({ ref, slot: slots[i]! });
        }
        compactions.push(at);
      }
    }

    // 4. The first marker of the conversation, outside a compaction point: worth the cache rewrite?
    // Only a question when the retrieve tool would arrive with it: a host that offers the tool from
    // the conversation's first request (the proxy, withHeadroom) keeps the tool list as it was.
    if (!input.retrieveToolOffered && compactions.length === (state?.compactions.length ?? 0)) holdFirstMarker();

    // Originals first: a marker must never reach a model before its original is stored.
    for (const { ref, slot } of toStore) {
      await store.originals.put(tenant, ref, slot.text, { summary: 'whole original', kind: 'whole', compressor: 'chat', ...(slot.toolName ? { toolName: slot.toolName } : {}) });
    }
    const refs = [...rewrites.values()].flatMap((r) => r.refs);
    const next: ConversationState = {
      v: 1,
      lastSeen: at,
      elided: [...elided],
      deduped,
      compactions,
      touchedAt: state && at - state.touchedAt < 60 * MINUTE ? state.touchedAt : at,
      ...(raw.size > 0 ? { raw: [...raw] } : {}),
    };
    return {
      rewrites: [...rewrites.values()],
      async commit() {
        // Markers resent every turn keep their originals alive (an hourly refresh, not a write per turn).
        if (state && next.touchedAt === at && refs.length > 0) await store.originals.touch(tenant, refs).catch(() => undefined);
        await saveState(store, tenant, facts.conversationKey, next);
      },
    };

    /** Sends slot `i` as the client sent it (a result that was first sent that way stays that way). */
    function revert(i: number) {
      const slot = slots[i]!;
      rewrites.set(i, { slot: i, text: slot.text, tokensBefore: sentTokens(i), tokensAfter: estimate(slot.text), refs: [] });
    }

    function holdFirstMarker() {
      const finalText = (i: number) => rewrites.get(i)?.text ?? input.sent[i]!;
      const isNew = (i: number) => slots[i]!.messageIndex > facts.lastAssistant;
      const clientTools = JSON.stringify((input.body as { tools?: unknown }).tools ?? []);
      if (clientTools.includes(`"${RETRIEVE_TOOL_NAME}"`)) return;
      if (slots.some((_, i) => !isNew(i) && hasMarkers(finalText(i)))) return;
      const marked = slots.map((_, i) => i).filter((i) => isNew(i) && hasMarkers(finalText(i)));
      if (marked.length === 0) return;
      // Nothing cached yet (the conversation's first request): the tool costs nothing extra.
      if (facts.lastAssistant < 0) return;
      const saved = marked.reduce((sum, i) => sum + estimate(slots[i]!.text) - estimate(finalText(i)), 0);
      const prices = cacheMultipliers(facts.provider, facts.model, facts.longCache);
      const ttl = facts.provider === 'anthropic' ? (facts.longCache ? 60 * MINUTE : (options.anthropicTtlMs ?? 5 * MINUTE)) : facts.longCache ? 24 * 60 * MINUTE : (options.openaiTtlMs ?? 10 * MINUTE);
      const cold = state !== undefined && at - state.lastSeen > ttl + margin;
      if (cold) return;
      const prefix = sizes(Math.min(...marked.map((i) => slots[i]!.messageIndex))).before;
      const extra = prefix * (prices.write - prices.read);
      if (saved > 0 && extra <= firstMarkerPayback * saved * prices.read) return;
      for (const i of marked) {
        revert(i);
        raw.add(keys[i]!);
        delete deduped[keys[i]!];
      }
      for (let k = toStore.length - 1; k >= 0; k--) if (marked.some((i) => slots[i] === toStore[k]!.slot)) toStore.splice(k, 1);
    }

    function reference(i: number, earlier: number) {
      const cacheKey = `${keys[i]}>${keys[earlier]}`;
      let made = references.get(cacheKey);
      if (made === undefined) {
        const label = slots[earlier]!.toolCallId ? `the result of the earlier call ${slots[earlier]!.toolCallId}` : `an earlier result (message ${slots[earlier]!.messageIndex})`;
        made = referenceText(slots[i]!, slots[earlier]!, label, maxEdits) ?? null;
        if (references.size >= REFERENCE_CACHE_MAX) references.delete(references.keys().next().value!);
        references.set(cacheKey, made);
      }
      return made ?? undefined;
    }

    /** The latest earlier tool result of the same file or command, or else one with the very same text. */
    function earlierMatch(i: number): number | undefined {
      const slot = slots[i]!;
      const path = slot.hints?.filePath;
      const command = slot.hints?.command;
      let sameText: number | undefined;
      for (let j = i - 1; j >= 0; j--) {
        const other = slots[j]!;
        if (other.kind !== 'tool_result' || other.messageIndex >= slot.messageIndex) continue;
        if ((path !== undefined && other.hints?.filePath === path) || (command !== undefined && other.hints?.command === command)) return j;
        if (sameText === undefined && other.text === slot.text) sameText = j;
      }
      return sameText;
    }

    function compactionCandidates(): { i: number; text: string; ref: string }[] {
      const recent = new Set(tools.slice(-keep));
      // A client breakpoint before the protected tail pins everything at or before it; one inside
      // the tail is the rolling breakpoint agents move every turn, and the tail is never touched.
      const tailStart = Math.min(...[...recent].map((i) => slots[i]!.messageIndex), facts.lastAssistant + 1);
      const pinnedThrough = Math.max(-1, ...facts.breakpoints.filter((m) => m < tailStart));
      const candidates: { i: number; text: string; ref: string; removed: number }[] = [];
      for (const i of tools) {
        const slot = slots[i]!;
        // A result kept raw (see holdFirstMarker) is elided like any other; a referenced one is already small.
        if (recent.has(i) || (rewrites.has(i) && !raw.has(keys[i]!)) || elided.has(keys[i]!)) continue;
        if (slot.messageIndex <= pinnedThrough || slot.messageIndex === input.located.lastUserMessageIndex || slot.messageIndex > facts.lastAssistant) continue;
        const current = estimate(rewrites.get(i)?.text ?? input.sent[i]!);
        if (current < minElide) continue;
        const { text, ref } = elision(slot, keys[i]!);
        const removed = current - estimate(text);
        if (removed > 0) candidates.push({ i, text, ref, removed });
      }
      const removed = candidates.reduce((sum, c) => sum + c.removed, 0);
      if (candidates.length === 0 || removed < minRemoved) return [];
      const ttl = facts.provider === 'anthropic' ? (facts.longCache ? 60 * MINUTE : (options.anthropicTtlMs ?? 5 * MINUTE)) : facts.longCache ? 24 * 60 * MINUTE : (options.openaiTtlMs ?? 10 * MINUTE);
      const cold = state !== undefined && at - state.lastSeen > ttl + margin;
      const { total, before } = sizes(slots[candidates[0]!.i]!.messageIndex);
      if (!cold && total < compactAt) return [];
      const turns = compactionPaybackTurns({ total, unchangedPrefix: before, removed, warm: !cold }, cacheMultipliers(facts.provider, facts.model, facts.longCache));
      return turns <= payback ? candidates : [];
    }

    /** Estimated tokens of the request as it would go out, and of the part before history item `upTo`. */
    function sizes(upTo: number): { total: number; before: number } {
      // An item holding slots counts its slots' texts as they would go out plus a little framing;
      // the others (assistant turns: short) are measured whole. No tool result is serialized again.
      const perItem = facts.history.map(() => 0);
      const slotted = new Set<number>();
      slots.forEach((slot, i) => {
        slotted.add(slot.messageIndex);
        perItem[slot.messageIndex] = (perItem[slot.messageIndex] ?? 0) + estimate(rewrites.get(i)?.text ?? input.sent[i]!) + ITEM_FRAMING_TOKENS;
      });
      facts.history.forEach((item, index) => {
        if (!slotted.has(index)) perItem[index] = estimate(JSON.stringify(item) ?? '');
      });
      const head = estimate(facts.head);
      let before = head;
      let total = head;
      perItem.forEach((tokens, index) => {
        total += tokens;
        if (index < upTo) before += tokens;
      });
      return { total, before };
    }
  }

  return { name: 'chat', rewrite };
}

/** A slot's identity across turns: its call id, its place in the block, and a hash of its text. */
function slotKey(slot: Slot): string {
  return `${slot.toolCallId ?? slot.messageIndex}|${slot.path.at(-2) ?? ''}|${contentHash(slot.text).slice(0, 16)}`;
}
