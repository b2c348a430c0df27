import { chatCompressor } from '@headroom/compressor-chat';
import { jsonCompressor } from '@headroom/compressor-json';
import { logsCompressor } from '@headroom/compressor-logs';
import { textCompressor } from '@headroom/compressor-text';
import {
  type CompressRequestResult,
  type ConversationStep,
  compressRequest,
  createEstimatingTokenizer,
  createPipeline,
  isHeadroomError,
  normalizeRef,
  type Pipeline,
  type PreparedRetrieval,
  prepareRetrieval,
  type RequestEvent,
  type RequestFormat,
  type RetrieveCall,
  retrievalResultText,
} from '@headroom/core';
import { defaultStore } from './default-store.js';
import type { HeadroomEvent, HeadroomOptions } from '../headroom-options.js';

type Body = Record<string, unknown>;

/** A request body ready to send: compressed (or the original, on any failure) and its retrieval, if any. */
export interface PreparedBody {
  readonly body: Body;
  readonly retrieval?: PreparedRetrieval;
  readonly result?: CompressRequestResult;
  /** Time spent compressing, in ms. */
  readonly durationMs?: number;
}

/** What every integration shares: one pipeline, one store, one event sink, resolved once. */
export interface Engine {
  readonly options: HeadroomOptions;
  readonly maxRetrievalRounds: number;
  /** The conversation step every request of this engine runs (undefined: turned off). */
  readonly conversation: ConversationStep | undefined;
  /** The pipeline, created on first use; undefined when it cannot be (the store did not open). */
  pipeline(): Pipeline | undefined;
  /** Compresses a provider body in place and prepares retrieval. Never throws: failures send the original. */
  prepare(body: Body, format: RequestFormat): Promise<PreparedBody>;
  /** Answers retrieve calls for refs the request carried, from the caller's tenant only. */
  answerer(toolFor: ReadonlyMap<string, string | undefined>): (call: RetrieveCall, round: number) => Promise<string>;
  emit(event: HeadroomEvent): void;
  /** One ledger row per model call, as the proxy writes (source `sdk`), so `headroom stats` counts the SDK's savings. */
  record(row: Omit<RequestEvent, 'type' | 'time' | 'source' | 'tenant'>): void;
}

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));
const codeOf = (error: unknown) => (isHeadroomError(error) ? error.code : 'internal');

export function createEngine(options: HeadroomOptions = {}): Engine {
  const maxRetrievalRounds = options.maxRetrievalRounds ?? 3;
  if (!Number.isInteger(maxRetrievalRounds) || maxRetrievalRounds < 0) throw new RangeError('maxRetrievalRounds must be a whole number ≥ 0');
  let created: Pipeline | undefined;
  // One step per engine: it keeps its diffs between turns in memory; its decisions live in the store.
  const conversation = options.conversation === false ? undefined : (options.conversation ?? chatCompressor());

  const emit = (event: HeadroomEvent) => {
    try {
      options.onEvent?.(event);
    } catch {
      // The application's listener must not change what its own call returns.
    }
  };

  const pipeline = (): Pipeline | undefined => {
    if (created) return created;
    try {
      created = createPipeline({
        compressors: options.compressors ?? [jsonCompressor(), logsCompressor(), textCompressor()],
        store: options.store ?? defaultStore(),
        tokenizer: options.tokenizer ?? createEstimatingTokenizer(),
        // History is resent every turn: content keeps the bytes of its first sight, whatever is
        // asked later (the proxy's rule, so the provider's prompt cache keeps hitting).
        policy: { ...options.policy, source: 'sdk', memoizeByQuery: false },
      });
      created.on('failed', (e) => emit({ type: 'failed', stage: 'compress', code: e.code, message: e.reason }));
      return created;
    } catch (error) {
      emit({ type: 'failed', stage: 'compress', code: codeOf(error), message: `Headroom could not start: ${describe(error)}` });
      return undefined;
    }
  };

  return {
    options,
    maxRetrievalRounds,
    conversation,
    pipeline,
    emit,
    record(row) {
      if (!created) return;
      try {
        const store = options.store ?? defaultStore();
        const tenant = options.tenant !== undefined ? { tenant: options.tenant } : {};
        store.ledger.append({ type: 'request', time: Date.now(), source: 'sdk', ...row, ...tenant }).catch(() => undefined);
      } catch {
        // Stats are best effort: a ledger that cannot write never fails the application's call.
      }
    },
    async prepare(body, format) {
      if (options.mode === 'off') return { body };
      const ready = pipeline();
      if (!ready) return { body };
      const started = performance.now();
      try {
        const lossy = options.mode !== 'lossless';
        const stepDecidesTool = conversation?.decidesRetrieveTool?.(format) === true;
        const result = await compressRequest(ready, body, format, {
          ...(options.mode ? { mode: options.mode } : {}),
          ...(options.slots ? { slots: options.slots } : {}),
          ...(options.tenant !== undefined ? { tenant: options.tenant } : {}),
          // The body goes out through prepareRetrieval, which offers the tool from a conversation's
          // first request, unless the step decides when the first marker (and so the tool) pays.
          ...(conversation && lossy ? { conversation, offersRetrieveTool: !stepDecidesTool } : {}),
        });
        const compressed = result.body as Body;
        // Lossless: no marker, so no tool (as the proxy).
        const retrieval = lossy ? prepareRetrieval(compressed, format, { offerBeforeMarkers: !stepDecidesTool }) : undefined;
        emit({ type: 'compressed', format, tokensBefore: result.tokensBefore, tokensAfter: result.tokensAfter, markers: retrieval?.toolFor.size ?? 0, durationMs: performance.now() - started });
        return { body: retrieval?.body ?? compressed, ...(retrieval ? { retrieval } : {}), result, durationMs: performance.now() - started };
      } catch (error) {
        emit({ type: 'failed', stage: 'compress', code: codeOf(error), message: describe(error) });
        return { body };
      }
    },
    answerer(toolFor) {
      return async (call, round) => {
        const ref = normalizeRef(call.hash) ?? '';
        // A ref no marker of this request carries is a miss, whatever the store holds.
        let stored: Awaited<ReturnType<Pipeline['retrieve']>>;
        if (toolFor.has(ref)) {
          try {
            stored = await pipeline()?.retrieve(ref, { round, source: 'sdk', ...(options.tenant !== undefined ? { tenant: options.tenant } : {}) });
          } catch (error) {
            emit({ type: 'failed', stage: 'retrieve', code: codeOf(error), message: describe(error) });
          }
        }
        emit({ type: 'retrieved', ref: ref || call.hash, found: stored !== undefined, round });
        return retrievalResultText(call.hash, stored, toolFor.get(ref));
      };
    },
  };
}
