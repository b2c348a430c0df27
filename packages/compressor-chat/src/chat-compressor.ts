import type { ConversationInput, ConversationResult, ConversationRewrite, ConversationStep, Json, Slot } from '@headroom/core';
import { cacheMultipliers, compactionPaybackTurns, toolArrivalPaybackTurns } from './cost-model.js';
import { type ConversationState, loadState, saveState } from './internal/conversation-state.js';
import { type RequestFacts, requestFacts } from './internal/request-facts.js';
import { elisionText, referenceText } from './internal/slot-texts.js';
import { contentHash, HeadroomError, hasMarkers, RETRIEVE_TOOL_NAME, type RequestFormat, retrieveToolFor, setPaths } from '@headroom/core';

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
   * The retrieve tool arrives with a conversation's first marker (unless the host offers it from the
   * first request: `retrieveToolOffered`), which changes the tool list and so the whole cached
   * prefix: outside a compaction point that marker must pay back its cache rewrite within this many
   * turns, counting the results held back before it, or the new results go as the client sent them.
   * Default 8.
   */
  readonly firstMarkerPaybackTurns?: number;
  /**
   * When a conversation gets the retrieve tool, where the host asks (`decidesRetrieveTool`).
   * `'first-request'` (default): the host offers it from the first request of a conversation that
   * declares tools, so first-sight markers never move the cached tool list; a conversation that
   * never compresses anything pays for the tool's ~100 tokens on every request. `'when-it-pays'`:
   * the host offers it only with markers and this step sends the first marker only when its cache
   * rewrite pays back (`firstMarkerPaybackTurns`): no conversation costs more than direct, but one
   * with a long cached prefix goes without first-sight compression until its held-back results
   * pay for that rewrite.
   */
  readonly retrieveTool?: RetrieveToolTiming;
}

/** When a conversation gets the retrieve tool: see `ChatCompressorOptions.retrieveTool`. */
export type RetrieveToolTiming = 'first-request' | 'when-it-pays';
export const RETRIEVE_TOOL_TIMINGS: readonly RetrieveToolTiming[] = ['first-request', 'when-it-pays'];

/**
 * A `retrieveTool` value read from a flag or an environment variable (`source` names it in the
 * error). Throws HeadroomError('invalid_argument') for anything but the two timings.
 */
export function parseRetrieveTool(text: string, source: string): RetrieveToolTiming {
  const value = text.trim();
  if (!RETRIEVE_TOOL_TIMINGS.includes(value as RetrieveToolTiming)) {
    throw new HeadroomError('invalid_argument', `${source} must be one of ${RETRIEVE_TOOL_TIMINGS.join(', ')}, got ${JSON.stringify(text)}`);
  }
  return value as RetrieveToolTiming;
}

const MINUTE = 60_000;

const CHAT_FORMATS: ReadonlySet<string> = new Set(['anthropic-messages', 'openai-chat', 'openai-responses']);

/** Tokens of a history item around its slot texts (role, ids, block types). */
const ITEM_FRAMING_TOKENS = 20;

/**
 * Slot texts from this size on are measured through `input.measure` (off this thread, or answered
 * from the host's own measure) rather than hashed here: a 25 MB tool result costs ~50 ms of SHA-256.
 * The same bound as the pipeline's own: below it `pipeline.measure` works on the caller's thread
 * anyway, and hashing alone is cheaper than its full measure.
 */
const MEASURE_ELSEWHERE_CHARS = 256 * 1024;

/**
 * Slot texts from this size on count by their hash in the conversation's key (see `factsOf`). A host
 * hands the step stand-ins (`heldTexts`) only for texts at least this long (the proxy: 64 KiB).
 */
const NAMED_BY_HASH_CHARS = 64 * 1024;

/** Per-process cache of reference texts: a diff is computed once, not on every turn that resends it. */
const REFERENCE_CACHE_MAX = 2000;

/**
 * The conversation step: cross-turn references at first sight and stale tool results elided at
 * compaction points, decided by the prompt-cache cost model and remembered per conversation.
 */
export function chatCompressor(options: ChatCompressorOptions = {}): ConversationStep {
  const retrieveTool = options.retrieveTool === undefined ? 'first-request' : parseRetrieveTool(options.retrieveTool, 'retrieveTool');
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
  const toolTokenCounts = new Map<RequestFormat, number>();

  async function rewrite(input: ConversationInput): Promise<ConversationResult> {
    // Gemini's conversation shape is not modelled here yet: its requests pass as per-slot compression left them.
    if (input.mode === 'lossless' || !CHAT_FORMATS.has(input.format)) return { rewrites: [] };
    const slots = input.located.slots;
    // Stand-ins (see `ConversationInput.heldTexts`): measured by the host, read only when rewritten.
    const held = slots.map((slot) => input.heldTexts?.has(slot.text) === true);
    if (held.includes(true) && !input.measure) return { rewrites: [] };
    const texts = new Map<number, Promise<string>>();
    /** Slot `i`'s content: its text, or the content behind its stand-in (fetched once per request). */
    const content = (i: number): Promise<string> => {
      let text = texts.get(i);
      if (!text) {
        text = held[i] ? input.heldTexts!.text(slots[i]!.text) : Promise.resolve(slots[i]!.text);
        texts.set(i, text);
      }
      return text;
    };
    const withContent = async (i: number): Promise<Slot> => (held[i] ? { ...slots[i]!, text: await content(i) } : slots[i]!);
    // Each slot's content hash (and, for a large one, its token estimate and marker flag), once per
    // request; a large slot is never scanned on this thread.
    const large = await Promise.all(slots.map((slot, i) => (input.measure && (held[i] || slot.text.length >= MEASURE_ELSEWHERE_CHARS) ? input.measure(slot.text) : undefined)));
    const hashes = slots.map((slot, i) => large[i]?.hash ?? contentHash(slot.text));
    const facts = factsOf(input, slots, held, hashes);
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
    /** The retrieve tool's tokens in this format (the same bytes every time), counted once per process. */
    const toolTokens = (format: RequestFormat) => {
      let tokens = toolTokenCounts.get(format);
      if (tokens === undefined) {
        tokens = input.tokenizer.estimate(JSON.stringify(retrieveToolFor(format)));
        toolTokenCounts.set(format, tokens);
      }
      return tokens;
    };
    const state = await loadState(store, tenant, facts.conversationKey);
    large.forEach((m, i) => {
      if (m) measured.set(slots[i]!.text, m.tokens);
    });
    const keys = slots.map((slot, i) => slotKey(slot, hashes[i]!));
    const indexOfKey = new Map(keys.map((key, i) => [key, i]));
    const tools = slots.map((slot, i) => (slot.kind === 'tool_result' ? i : -1)).filter((i) => i >= 0);

    const elided = new Set(state?.elided ?? []);
    const raw = new Set(state?.raw ?? []);
    const deduped: Record<string, string> = { ...state?.deduped };
    const rewrites = new Map<number, ConversationRewrite>();
    const toStore: { ref: string; i: number }[] = [];
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
        const { text, ref } = await elision(i);
        put(i, text, ref);
      } else if (deduped[key] !== undefined) {
        const earlier = indexOfKey.get(deduped[key]!);
        const made = earlier === undefined ? undefined : await reference(i, earlier);
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
        const made = await reference(i, earlier);
        if (made && estimate(made.text) <= sentTokens(i) * 0.6 && put(i, made.text, made.ref)) {
          deduped[keys[i]!] = keys[earlier]!;
          toStore.push({ ref: made.ref, i });
        }
      }
    }

    // 3. A compaction point?
    const compactions = [...(state?.compactions ?? [])];
    if (options.compaction !== false) {
      const decided = await compactionCandidates();
      if (decided.length > 0) {
        for (const { i, text, ref } of decided) {
          put(i, text, ref);
          elided.add(keys[i]!);
          toStore.push({ ref, i });
        }
        compactions.push(at);
      }
    }

    // 4. The first marker of the conversation, outside a compaction point: worth the cache rewrite?
    // Only a question when the retrieve tool would arrive with it: a host that offers the tool from
    // the conversation's first request (the proxy, withHeadroom) keeps the tool list as it was.
    if (!input.retrieveToolOffered && compactions.length === (state?.compactions.length ?? 0)) holdFirstMarker();

    // Originals first: a marker must never reach a model before its original is stored.
    for (const { ref, i } of toStore) {
      const slot = slots[i]!;
      await store.originals.put(tenant, ref, await content(i), { summary: 'whole original', kind: 'whole', compressor: 'chat', ...(slot.toolName ? { toolName: slot.toolName } : {}) });
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

    /**
     * The conversation's first marker brings the retrieve tool, and with it a rewrite of the whole
     * cached prefix (the tool list comes first). It goes out only when that pays back within
     * `firstMarkerPaybackTurns` turns, counting what it unlocks: results held back raw on earlier
     * turns go out as per-slot compression made them in the same rewrite, for free. Otherwise the
     * new results go as the client sent them and are remembered as raw, so every later turn is the
     * same until the tool pays (or a compaction point elides them).
     */
    function holdFirstMarker() {
      const finalText = (i: number) => rewrites.get(i)?.text ?? input.sent[i]!;
      // A large slot going out as the client sent it was searched for markers where it was measured.
      const marks = (i: number) => {
        const text = finalText(i);
        return text === slots[i]!.text && large[i] ? large[i].hasMarkers : hasMarkers(text);
      };
      const isNew = (i: number) => slots[i]!.messageIndex > facts.lastAssistant;
      const clientTools = JSON.stringify((input.body as { tools?: unknown }).tools ?? []);
      if (clientTools.includes(`"${RETRIEVE_TOOL_NAME}"`)) return;
      if (slots.some((_, i) => !isNew(i) && marks(i))) return;
      const marked = slots.map((_, i) => i).filter((i) => isNew(i) && marks(i));
      if (marked.length === 0) return;
      // Nothing cached yet (the conversation's first request): the tool costs nothing extra.
      if (facts.lastAssistant < 0) return;
      const heldBack = tools.filter((i) => raw.has(keys[i]!) && !elided.has(keys[i]!) && input.sent[i] !== slots[i]!.text);
      const shed = (i: number, text: string) => estimate(slots[i]!.text) - estimate(text);
      const prices = cacheMultipliers(facts.provider, facts.model, facts.longCache);
      const ttl = facts.provider === 'anthropic' ? (facts.longCache ? 60 * MINUTE : (options.anthropicTtlMs ?? 5 * MINUTE)) : facts.longCache ? 24 * 60 * MINUTE : (options.openaiTtlMs ?? 10 * MINUTE);
      const cold = state !== undefined && at - state.lastSeen > ttl + margin;
      const turns = cold
        ? 0
        : toolArrivalPaybackTurns(
            {
              cachedPrefix: sizes(facts.lastAssistant + 1).before,
              savedInPrefix: heldBack.reduce((sum, i) => sum + shed(i, input.sent[i]!), 0),
              savedNew: marked.reduce((sum, i) => sum + shed(i, finalText(i)), 0),
              toolTokens: toolTokens(input.format),
            },
            prices,
          );
      if (turns <= firstMarkerPayback) {
        for (const i of heldBack) {
          rewrites.delete(i);
          raw.delete(keys[i]!);
        }
        return;
      }
      for (const i of marked) {
        revert(i);
        raw.add(keys[i]!);
        delete deduped[keys[i]!];
      }
      for (let k = toStore.length - 1; k >= 0; k--) if (marked.includes(toStore[k]!.i)) toStore.splice(k, 1);
    }

    /** A stale result's elision, built once per slot (its content is read only then). */
    async function elision(i: number) {
      const key = keys[i]!;
      let made = elisions.get(key);
      if (!made) {
        made = elisionText(await withContent(i));
        if (elisions.size >= REFERENCE_CACHE_MAX) elisions.delete(elisions.keys().next().value!);
        elisions.set(key, made);
      }
      return made;
    }

    async function reference(i: number, earlier: number) {
      const cacheKey = `${keys[i]}>${keys[earlier]}`;
      let made = references.get(cacheKey);
      if (made === undefined) {
        const label = slots[earlier]!.toolCallId ? `the result of the earlier call ${slots[earlier]!.toolCallId}` : `an earlier result (message ${slots[earlier]!.messageIndex})`;
        made = referenceText(await withContent(i), await withContent(earlier), label, maxEdits) ?? null;
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
        // The same content: compared by hash, so two long texts are never compared here.
        if (sameText === undefined && hashes[j] === hashes[i]) sameText = j;
      }
      return sameText;
    }

    async function compactionCandidates(): Promise<{ i: number; text: string; ref: string }[]> {
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
        const { text, ref } = await elision(i);
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

  // With 'when-it-pays', the hold-back above decides when the retrieve tool comes, for the formats
  // this step models: the host offers the tool to such a conversation only once it carries markers.
  const toolWhenItPays = retrieveTool === 'when-it-pays';
  return { name: 'chat', rewrite, decidesRetrieveTool: (format) => toolWhenItPays && CHAT_FORMATS.has(format) };
}

/**
 * The request's facts. The conversation is named by its opening (system prompt, first user turn),
 * where a slot text of `NAMED_BY_HASH_CHARS` or more, or a stand-in, counts by its content hash:
 * the key is the same whether a large text came as itself or as a stand-in, and no large text is
 * serialized here to make it.
 */
function factsOf(input: ConversationInput, slots: readonly Slot[], held: readonly boolean[], hashes: readonly string[]): RequestFacts {
  const byHash = slots.flatMap((slot, i) => (held[i] || slot.text.length >= NAMED_BY_HASH_CHARS ? [{ path: slot.path, value: `\u0000headroom-content:${hashes[i]}` }] : []));
  return requestFacts(byHash.length === 0 ? input.body : setPaths(input.body as Json, byHash), input.format);
}

/** A slot's identity across turns: its call id, its place in the block, and a hash of its text. */
function slotKey(slot: Slot, hash: string): string {
  return `${slot.toolCallId ?? slot.messageIndex}|${slot.path.at(-2) ?? ''}|${hash.slice(0, 16)}`;
}
