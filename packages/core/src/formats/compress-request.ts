import type { CompressionMode } from '../compressor.js';
import { HeadroomError } from '../errors.js';
import type { CompressInput, Pipeline, PipelineResult } from '../pipeline/create-pipeline.js';
import type { PassCode } from '../pipeline/outcome.js';
import type { RequestFormat } from '../providers/provider-module.js';
import { isRequestFormat, providerModule } from '../providers/provider-modules.js';
import { declaresTools } from '../retrieval/retrieve-tool.js';
import { LOCAL_TENANT } from '../store/tenant.js';
import type { ConversationResult, ConversationStep, HeldTexts } from './conversation-step.js';
import { noteRereads } from './rereads.js';
import { setPaths } from './set-paths.js';
import { isObject, type Json, type LocatedSlots, type Slot, type SlotKind } from './slot.js';

export type { RequestFormat } from '../providers/provider-module.js';
export { isRequestFormat };

/** Which slots may be compressed. The system prompt and tool definitions never are. */
export interface SlotPolicy {
  /** Tool results / function outputs. Default: true. */
  readonly toolResults?: boolean;
  /** Document blocks. Default: true. */
  readonly documents?: boolean;
  /** Text the user typed in earlier turns (the last user message is never compressed). Default: false. */
  readonly userText?: boolean;
  /** Tool names whose output always passes through (case-insensitive). */
  readonly excludeTools?: readonly string[];
}

export interface CompressRequestOptions {
  /** Whose request this is: originals, memo and ledger rows go under this tenant. Default: the local tenant. */
  readonly tenant?: string;
  readonly mode?: CompressionMode;
  readonly slots?: SlotPolicy;
  /** The user's question, for relevance. Default: the last text the user typed in the body. */
  readonly query?: string;
  /** A conversation-level step run over all slots after per-slot compression (see `ConversationStep`). */
  readonly conversation?: ConversationStep;
  /** Aborted when the caller stopped waiting: the conversation step then does not commit its decisions. */
  readonly signal?: AbortSignal;
  /**
   * The host sends the result through `prepareRetrieval` with `offerBeforeMarkers` (its default),
   * which offers the retrieve tool on every request that declares tools (`declaresTools`), markers
   * or not. The conversation step is told so for such a request: its first marker does not change
   * the cached tool list. Default false; a host whose step `decidesRetrieveTool` leaves it unset.
   */
  readonly offersRetrieveTool?: boolean;
  /** Slot texts the host holds elsewhere (stand-ins), passed on to the conversation step. */
  readonly heldTexts?: HeldTexts;
}

export type SlotStatus = 'compressed' | 'memo' | 'skipped' | 'ineligible';

export interface SlotReport {
  /** JSON pointer of the slot in the body (`/messages/3/content/0/content`). */
  readonly pointer: string;
  readonly kind: SlotKind;
  readonly toolName?: string;
  readonly status: SlotStatus;
  readonly compressor?: string;
  readonly tokensBefore: number;
  readonly tokensAfter: number;
  readonly refs: readonly string[];
  /** Why the slot passed through, as a code (see `PassCode`); `reason` says it in words. */
  readonly code?: PassCode;
  readonly reason?: string;
}

export interface CompressRequestResult {
  /** The body with compressed slots replaced in place; the input object itself is not modified. */
  readonly body: unknown;
  /** True when at least one slot changed. */
  readonly changed: boolean;
  readonly slots: readonly SlotReport[];
  readonly tokensBefore: number;
  readonly tokensAfter: number;
}

/** The compressible slots of a request body, without compressing anything. */
export function locateSlots(body: unknown, format: RequestFormat): LocatedSlots {
  const module = providerModule(format);
  if (!isObject(body)) throw new HeadroomError('invalid_request', 'request body must be a JSON object');
  return module.locateSlots(body);
}

/**
 * Compresses the eligible slots of an Anthropic Messages, OpenAI Chat Completions or OpenAI
 * Responses request body, in place: every other field comes back as it came, and the body is
 * never converted between provider formats.
 */
export async function compressRequest(
  pipeline: Pipeline,
  body: unknown,
  format: RequestFormat,
  options: CompressRequestOptions = {},
): Promise<CompressRequestResult> {
  const located = locateSlots(body, format);
  const eligible = eligibility(options.slots ?? {}, located.lastUserMessageIndex);
  const query = options.query ?? located.query;
  const replacements: { path: readonly (string | number)[]; value: string }[] = [];
  const reports: SlotReport[] = [];

  const results = await Promise.all(
    located.slots.map(async (slot): Promise<PipelineResult | string> => {
      const why = eligible(slot);
      if (why) return why;
      return pipeline.compress(slot.text, slotInput(slot, query, options));
    }),
  );

  await noteRereads(pipeline, located.slots, results, options.tenant, (slot) => toPointer(slot.path));
  const step = options.conversation ? await runConversationStep(pipeline, options.conversation, body, format, located, results, options) : undefined;
  const rewrites = new Map((step?.rewrites ?? []).map((rewrite) => [rewrite.slot, rewrite]));

  let tokensBefore = 0;
  let tokensAfter = 0;
  located.slots.forEach((slot, index) => {
    const result = results[index]!;
    const rewrite = rewrites.get(index);
    if (rewrite && options.conversation) {
      const before = typeof result === 'string' ? rewrite.tokensBefore : result.tokensBefore;
      tokensBefore += before;
      tokensAfter += rewrite.tokensAfter;
      replacements.push({ path: slot.path, value: rewrite.text });
      reports.push({ pointer: toPointer(slot.path), kind: slot.kind, ...(slot.toolName ? { toolName: slot.toolName } : {}), status: 'compressed', compressor: options.conversation.name, tokensBefore: before, tokensAfter: rewrite.tokensAfter, refs: [...rewrite.refs] });
      return;
    }
    if (typeof result === 'string') {
      reports.push(slotReport(slot, 'ineligible', undefined, 0, 0, [], undefined, result));
      return;
    }
    tokensBefore += result.tokensBefore;
    tokensAfter += result.tokensAfter;
    if (result.compressed && result.text !== slot.text) replacements.push({ path: slot.path, value: result.text });
    const status = result.compressed ? (result.memoHit ? 'memo' : 'compressed') : 'skipped';
    reports.push(slotReport(slot, status, result.compressor, result.tokensBefore, result.tokensAfter, result.markers.map((m) => m.ref), result.code, result.reason));
  });

  if (step?.commit && !options.signal?.aborted) await step.commit().catch(() => undefined);
  return {
    body: setPaths(body as Json, replacements),
    changed: replacements.length > 0,
    slots: reports,
    tokensBefore,
    tokensAfter,
  };
}

/** Fail open: a step that throws changes nothing, and the failure is recorded. */
async function runConversationStep(
  pipeline: Pipeline,
  step: ConversationStep,
  body: unknown,
  format: RequestFormat,
  located: LocatedSlots,
  results: readonly (PipelineResult | string)[],
  options: CompressRequestOptions,
): Promise<ConversationResult | undefined> {
  const tenant = options.tenant ?? LOCAL_TENANT;
  try {
    const sent = located.slots.map((slot, index) => {
      const result = results[index];
      return typeof result === 'object' && result.compressed ? result.text : slot.text;
    });
    const retrieveToolOffered = options.offersRetrieveTool === true && declaresTools(body, format);
    const result = await step.rewrite({ body, format, located, sent, tenant, ...(options.mode ? { mode: options.mode } : {}), store: pipeline.store, tokenizer: pipeline.tokenizer, measure: (text) => pipeline.measure(text), ...(options.heldTexts ? { heldTexts: options.heldTexts } : {}), retrieveToolOffered });
    const valid = result.rewrites.every((r) => Number.isInteger(r.slot) && r.slot >= 0 && r.slot < located.slots.length && typeof r.text === 'string');
    if (!valid) throw new Error('rewrote a slot that does not exist');
    return result;
  } catch (error) {
    const message = `conversation step ${step.name} failed: ${error instanceof Error ? error.message : String(error)}`;
    // Not awaited, as the pipeline's own failure rows: the store may hold a row back to batch it.
    void pipeline.store.ledger.append({ type: 'failure', time: Date.now(), code: 'compressor_failed', message, compressor: step.name, tenant }).catch(() => undefined);
    return undefined;
  }
}

// The two builders below run for every slot of every request (resent history included): fields
// are set one by one, in the order the reports and inputs always had, instead of spreading a small
// object per optional field (each spread was a copy through V8's slow path, and garbage).

/** What the pipeline is told about a slot. */
function slotInput(slot: Slot, query: string | undefined, options: CompressRequestOptions): CompressInput {
  const input: { -readonly [K in keyof CompressInput]: CompressInput[K] } = { role: slot.kind === 'document' ? 'document' : slot.kind === 'user_text' ? 'user' : 'tool' };
  if (slot.toolName) input.toolName = slot.toolName;
  if (slot.hints) input.hints = slot.hints;
  if (query !== undefined) input.query = query;
  if (options.mode) input.mode = options.mode;
  if (options.tenant !== undefined) input.tenant = options.tenant;
  return input;
}

function slotReport(
  slot: Slot,
  status: SlotStatus,
  compressor: string | undefined,
  tokensBefore: number,
  tokensAfter: number,
  refs: readonly string[],
  code: PassCode | undefined,
  reason: string | undefined,
): SlotReport {
  const report: { -readonly [K in keyof SlotReport]?: SlotReport[K] } = { pointer: toPointer(slot.path), kind: slot.kind };
  if (slot.toolName) report.toolName = slot.toolName;
  report.status = status;
  if (compressor) report.compressor = compressor;
  report.tokensBefore = tokensBefore;
  report.tokensAfter = tokensAfter;
  report.refs = refs;
  if (code) report.code = code;
  if (reason) report.reason = reason;
  return report as SlotReport;
}

function eligibility(policy: SlotPolicy, lastUserMessageIndex: number): (slot: Slot) => string | undefined {
  const excluded = new Set((policy.excludeTools ?? []).map((t) => t.toLowerCase()));
  return (slot) => {
    if (slot.kind === 'tool_result') {
      if (policy.toolResults === false) return 'tool results are not eligible';
      if (slot.toolName && excluded.has(slot.toolName.toLowerCase())) return `tool "${slot.toolName}" is excluded`;
      return undefined;
    }
    if (slot.kind === 'document') return policy.documents === false ? 'documents are not eligible' : undefined;
    if (slot.messageIndex === lastUserMessageIndex) return 'the last user message is never compressed';
    return policy.userText ? undefined : 'user text is not eligible';
  };
}

function toPointer(path: readonly (string | number)[]): string {
  // Once per slot on every request: most steps need no escaping, and two regex replaces of each
  // were a visible part of a resent request's cost.
  let pointer = '';
  for (const step of path) {
    const text = String(step);
    pointer += `/${text.includes('~') || text.includes('/') ? text.replace(/~/g, '~0').replace(/\//g, '~1') : text}`;
  }
  return pointer === '' ? '/' : pointer;
}
