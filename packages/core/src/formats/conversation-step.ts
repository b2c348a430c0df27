import type { CompressionMode } from '../compressor.js';
import type { TextMeasure } from '../pipeline/runner.js';
import type { RequestFormat } from '../providers/provider-module.js';
import type { HeadroomStore } from '../store/store.js';
import type { Tokenizer } from '../tokenizer/tokenizer.js';
import type { LocatedSlots } from './slot.js';

/** What a conversation step sees: the whole request, its slots, and what per-slot compression made of each. */
export interface ConversationInput {
  readonly body: unknown;
  readonly format: RequestFormat;
  readonly located: LocatedSlots;
  /** Per slot (same index as `located.slots`): the text per-slot compression would send (the original when it passed). */
  readonly sent: readonly string[];
  readonly tenant: string;
  /** The mode the caller asked for, when it said. */
  readonly mode?: CompressionMode;
  readonly store: HeadroomStore;
  readonly tokenizer: Tokenizer;
  /**
   * Hash, token estimate and marker flag of a text without scanning it on the caller's thread when
   * it is large (`pipeline.measure`: a text the host measured already is answered at once, another
   * large one is measured off-thread when the pipeline's runner can). Absent: the step measures here.
   */
  readonly measure?: (text: string) => Promise<TextMeasure>;
  /**
   * Slot texts the host holds elsewhere: the proxy hands large texts over as stand-ins (short
   * placeholders; the content stays in shared memory, measured there). `has` tells a stand-in
   * apart without reading anything; `text` fetches its content, which a step does only for a slot
   * it rewrites. A step given stand-ins takes their hash and tokens from `measure`. Only texts of
   * 64 K characters or more may be stand-ins (a step names larger texts by hash wherever the
   * result must not depend on how they arrived). Absent: every slot text is its content.
   */
  readonly heldTexts?: HeldTexts;
  /**
   * The host offers the retrieve tool on this request whether or not it carries markers (from the
   * conversation's first request): a first marker then leaves the cached tool list as it was.
   * Absent or false: the tool may arrive with the first marker, changing the whole cached prefix.
   */
  readonly retrieveToolOffered?: boolean;
}

/** Slot texts a host holds elsewhere (see `ConversationInput.heldTexts`). */
export interface HeldTexts {
  has(text: string): boolean;
  text(text: string): Promise<string>;
}

/** One slot the step replaces, by its index in `located.slots`. */
export interface ConversationRewrite {
  readonly slot: number;
  readonly text: string;
  /** Tokens of what per-slot compression would have sent, and of `text`. */
  readonly tokensBefore: number;
  readonly tokensAfter: number;
  readonly refs: readonly string[];
}

export interface ConversationResult {
  readonly rewrites: readonly ConversationRewrite[];
  /**
   * Called once the request is known to go out with these rewrites (not when the host gave up
   * waiting): the step remembers its decisions here, so a request that went out without them
   * never makes a later turn differ from it.
   */
  commit?(): Promise<void>;
}

/**
 * A conversation-level step that runs after per-slot compression and may replace whole slots
 * (cross-turn references, elided stale results). It sees every slot at once, which the per-slot
 * compressors never do. Fail open: a step that throws leaves the per-slot result as it was.
 */
export interface ConversationStep {
  readonly name: string;
  rewrite(input: ConversationInput): Promise<ConversationResult>;
  /**
   * True when the step decides, by cost, when a conversation in this format may carry its first
   * marker (which brings the retrieve tool and so rewrites the cached tool list). The host then
   * offers the tool only to requests that carry markers (`prepareRetrieval`'s `offerBeforeMarkers:
   * false`) and does not set `offersRetrieveTool`. Absent or false: the host offers the tool from a
   * conversation's first request when the client declares tools, and tells the step so.
   */
  decidesRetrieveTool?(format: RequestFormat): boolean;
}
