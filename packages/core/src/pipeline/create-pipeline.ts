import stableStringify from 'fast-json-stable-stringify';
import type { CompressionMode, Compressor, ContentHints, ContentRole } from '../compressor.js';
import { HeadroomError } from '../errors.js';
import type { CompressRequestOptions, CompressRequestResult, RequestFormat } from '../formats/compress-request.js';
import { compressRequest } from '../formats/compress-request.js';
import { contentHash, REF_HEX_LENGTH } from '../hash.js';
import { hasMarkers, type Marker, parseMarkers } from '../markers.js';
import type { HeadroomStore, MemoEntry, StoredOriginal } from '../store/store.js';
import { LOCAL_TENANT } from '../store/tenant.js';
import { createTokenizer } from '../tokenizer/tiktoken-tokenizer.js';
import { estimateTokens } from '../tokenizer/estimate-tokens.js';
import type { Tokenizer } from '../tokenizer/tokenizer.js';
import { createBoundedSet } from './bounded-set.js';
import { createEmitter, type PipelineEventType, type PipelineListener } from './events.js';
import { createFallbackLog, type FallbackLog } from './fallback-log.js';
import type { FailureCode, PassCode, PipelineWarning } from './outcome.js';
import { commandFamily } from '../ledger/command-family.js';
import { type PipelinePolicy, resolvePolicy } from './policy.js';
import { findToolPolicy, optionsForTool, type ToolPolicies } from './tool-policy.js';
import { type CompressionRunner, createInThreadRunner, type TextMeasure } from './runner.js';
import { referenced } from './referenced-offloads.js';

export interface CreatePipelineOptions {
  readonly compressors: readonly Compressor[];
  readonly store: HeadroomStore;
  /** Default: o200k_base via tiktoken (exact counts only when `policy.exactTokens`). */
  readonly tokenizer?: Tokenizer;
  readonly policy?: PipelinePolicy;
  /**
   * Runs route + detect + compress for one text. Default: on this thread, over `compressors`.
   * A host passes another (a worker pool) to keep that work off its request thread; the pipeline
   * still does the memo, the size check, marker validation and every store write.
   */
  readonly runner?: CompressionRunner;
  /**
   * Where a failure goes when the ledger itself cannot take it (the store is down, the disk is
   * full). Default: one line on stderr, at most once a minute per code, with a count.
   */
  readonly fallbackLog?: FallbackLog;
  /**
   * Tool policies read afresh for every compression (the host's view of `HEADROOM_HOME/policy.json`,
   * see `createPolicyFileSource`); they override `policy.tools` key by key.
   */
  readonly toolPolicies?: () => ToolPolicies | undefined;
}

/** A re-read the host noticed (see `RereadEvent`); the pipeline records it once. */
export interface RereadInput {
  readonly tenant?: string;
  /** Ref of the whole original of the earlier, compressed result. */
  readonly ref: string;
  readonly compressor: string;
  readonly toolName?: string;
  readonly commandFamily?: string;
  readonly by: 'command' | 'file';
  /** What identifies this repeat across resends of the same history (the later slot's position). */
  readonly at: string;
}

/** What the host knows about one piece of content. */
export interface CompressInput {
  /** Whose content this is (see `tenantOf`): its originals, memo and ledger rows go under it. Default: the local tenant. */
  readonly tenant?: string;
  readonly query?: string;
  readonly toolName?: string;
  readonly role?: ContentRole;
  readonly hints?: ContentHints;
  /** The text's measure when the host took it already (`pipeline.measure`): not measured again. */
  readonly measured?: TextMeasure;
  readonly mode?: CompressionMode;
  readonly target?: number;
  /** Use this compressor (by name) instead of routing by confidence. */
  readonly compressor?: string;
}

export interface PipelineResult {
  /** The text to send: compressed, or the original when nothing applied. */
  readonly text: string;
  readonly compressed: boolean;
  readonly compressor?: string;
  readonly contentType?: string;
  readonly tokensBefore: number;
  readonly tokensAfter: number;
  /** False when the token counts are estimates. */
  readonly exact: boolean;
  /** Markers this compression put in the text. */
  readonly markers: readonly Marker[];
  /** Ref of the whole original, retrievable byte-exact (set when compressed). */
  readonly ref?: string;
  /** True when the result came from the memo (same content seen before). */
  readonly memoHit: boolean;
  /** Why the original passed through, as a code hosts decide on (set exactly when not compressed). */
  readonly code?: PassCode;
  /** The same, in words for people. */
  readonly reason?: string;
  readonly warnings: readonly PipelineWarning[];
}

export interface RetrieveOptions {
  /** The caller's tenant: a ref stored by any other tenant is a miss. Default: the local tenant. */
  readonly tenant?: string;
  /** Look in every tenant of the store: only for its local owner (the `headroom retrieve` command). */
  readonly allTenants?: boolean;
  readonly round?: number;
  readonly source?: string;
}

export interface Pipeline {
  readonly compressors: readonly Compressor[];
  readonly store: HeadroomStore;
  readonly tokenizer: Tokenizer;
  compress(text: string, input?: CompressInput): Promise<PipelineResult>;
  compressRequest(body: unknown, format: RequestFormat, options?: CompressRequestOptions): Promise<CompressRequestResult>;
  /** Records a re-read in the ledger, once per (ref, at) for the life of this pipeline. */
  recordReread?(reread: RereadInput): Promise<void>;
  /** The original behind a ref, recorded in the ledger; undefined when unknown or expired. */
  retrieve(ref: string, options?: RetrieveOptions): Promise<StoredOriginal | undefined>;
  /** Hash, token estimate and marker scan of a text, off the caller's thread when large and the runner can; pass it on as `measured`. */
  measure(text: string): Promise<TextMeasure>;
  on<T extends PipelineEventType>(type: T, listener: PipelineListener<T>): () => void;
}

/** Texts from this size on are measured by the runner (off-thread for a worker pool). */
const MEASURE_ELSEWHERE_CHARS = 256 * 1024;

/** Estimated sizes within 3% of each other are checked again with the tokenizer's count. */
const CLOSE_CALL = 0.97;

export function createPipeline(options: CreatePipelineOptions): Pipeline {
  const compressors = [...options.compressors];
  const names = new Set<string>();
  for (const compressor of compressors) {
    if (compressor.specificationVersion !== 'v1') {
      throw new HeadroomError('invalid_argument', `compressor "${compressor.name}" has specificationVersion ${JSON.stringify(compressor.specificationVersion)}; this core speaks v1`);
    }
    if (names.has(compressor.name)) {
      throw new HeadroomError('duplicate_compressor', `two compressors are named "${compressor.name}"; names must be unique in a pipeline`);
    }
    names.add(compressor.name);
  }
  const policy = resolvePolicy(options.policy);
  const store = options.store;
  const tokenizer = options.tokenizer ?? createTokenizer();
  const emitter = createEmitter();
  const runner = options.runner ?? createInThreadRunner(compressors, tokenizer);
  const countTokens = (text: string) => (policy.exactTokens ? tokenizer.count(text) : tokenizer.estimate(text));
  const exact = policy.exactTokens && tokenizer.exact;
  // Counts are core's estimates (the default): the runner can count them, and keep its compressors from counting twice.
  const estimatesByCore = !policy.exactTokens && tokenizer.estimate === estimateTokens;
  const optionsKey = contentHash(stableStringify(policy.compressorOptions));
  // Content that no compressor could shrink, remembered so a resent tool result is not
  // re-detected every turn. Only deterministic outcomes go here, never timeouts or store errors.
  const unhelped = createBoundedSet(10_000);
  // Re-reads already recorded: history is resent every turn, the same repeat must count once.
  const rereads = createBoundedSet(10_000);
  const toolPolicySource = options.toolPolicies;
  const readToolPolicies = (): ToolPolicies | undefined => {
    try {
      return toolPolicySource?.();
    } catch {
      // A broken policy source must never stop a compression: the host's policy alone applies.
      return undefined;
    }
  };

  const fallbackLog = options.fallbackLog ?? createFallbackLog();

  function passThrough(text: string, tokens: number, code: PassCode, reason: string, warnings: PipelineWarning[] = []): PipelineResult {
    return { text, compressed: false, tokensBefore: tokens, tokensAfter: tokens, exact, markers: [], memoHit: false, code, reason, warnings };
  }

  /** Fails open: the original passes through, and the failure is recorded where an operator sees it. */
  function failOpen(text: string, tokens: number, code: FailureCode, reason: string, at: { compressor?: string | undefined; toolName?: string | undefined; tenant: string; error?: unknown }): PipelineResult {
    emitter.emit({ type: 'failed', time: Date.now(), compressor: at.compressor, toolName: at.toolName, code, reason, error: at.error });
    recordFailure(code, reason, at);
    return passThrough(text, tokens, code, reason, [{ code, message: reason }]);
  }

  /**
   * Not awaited by any caller: a store may hold a row back to batch it (the worker store, up to
   * 100 ms), and a request must not wait for that. The row is handed to the store at once, so rows
   * keep their order; a row the store refuses goes to the fallback log instead.
   */
  function recordFailure(code: FailureCode, message: string, at: { compressor?: string | undefined; toolName?: string | undefined; tenant: string }): void {
    void appendFailure(code, message, at);
  }

  async function appendFailure(code: FailureCode, message: string, at: { compressor?: string | undefined; toolName?: string | undefined; tenant: string }): Promise<void> {
    try {
      await store.ledger.append({
        type: 'failure',
        time: Date.now(),
        code,
        message,
        ...(at.compressor ? { compressor: at.compressor } : {}),
        ...(at.toolName ? { toolName: at.toolName } : {}),
        ...(policy.source ? { source: policy.source } : {}),
        tenant: at.tenant,
      });
    } catch (error) {
      fallbackLog(code, `${message}; the ledger could not record it either (${describe(error)})`);
    }
  }

  /**
   * Hash, token estimate and marker scan of a text: O(size) each, so a large text is measured by
   * the runner (on its threads, when it has any) rather than on the caller's.
   */
  function measure(text: string): Promise<TextMeasure> {
    if (text.length >= MEASURE_ELSEWHERE_CHARS && runner.measure) return runner.measure(text);
    return Promise.resolve({ hash: contentHash(text), tokens: tokenizer.estimate(text), hasMarkers: hasMarkers(text) });
  }

  async function compress(text: string, input: CompressInput = {}): Promise<PipelineResult> {
    // Said in words: "too small: 0 tokens" would read as a threshold the user could lower.
    if (text === '') return passThrough(text, 0, 'too_small', 'the input is empty');
    const toolName = input.toolName;
    const family = commandFamily(input.hints?.command);
    const tool = findToolPolicy([policy.tools, readToolPolicies()], toolName, family);
    const hostMode = input.mode ?? policy.mode;
    const mode = tool?.policy.mode === 'lossless' ? 'lossless' : hostMode;
    const measured = input.measured ?? (await measure(text));
    const tokensBefore = policy.exactTokens ? tokenizer.count(text) : measured.tokens;
    const tenant = input.tenant ?? LOCAL_TENANT;
    if (tokensBefore < policy.minTokens) return passThrough(text, tokensBefore, 'too_small', 'too small');
    if (measured.hasMarkers) return passThrough(text, tokensBefore, 'already_marked', 'already carries markers');
    if (tool?.policy.exempt === true) {
      emitter.emit({ type: 'skipped', time: Date.now(), toolName, reason: `exempt by tool policy "${tool.key}"` });
      return passThrough(text, tokensBefore, 'skipped', `exempt by tool policy "${tool.key}"`);
    }
    const compressorOptions = optionsForTool(policy.compressorOptions, tool?.policy);
    // Only content a tool policy applies to gets a new memo key: everything else keeps its memo
    // entries (and bytes) when a policy is learned for some other tool.
    const toolKey = tool?.policy.compressorOptions ? contentHash(stableStringify(tool.policy.compressorOptions)) : '';

    const memoKey = [measured.hash, mode, optionsKey + toolKey, input.compressor ?? '', toolName ?? '', input.hints?.filePath ?? '', input.hints?.language ?? '', input.hints?.command ?? '', input.target ?? '', policy.memoizeByQuery && input.query ? contentHash(input.query) : ''].join('|');
    if (unhelped.has(memoKey)) return passThrough(text, tokensBefore, 'no_compressor', 'seen before: no compressor applies');
    const memo = await safely(() => store.memo.get(tenant, memoKey), tenant);
    // A memo hit sends its markers again: their originals must live at least as long. If one is
    // already gone, compress afresh rather than send a marker that cannot be redeemed.
    if (memo && (await safely(() => store.originals.touch(tenant, memo.refs, policy.originalTtlMs), tenant))?.length === 0) {
      return fromMemo(memo, mode, toolName);
    }

    const started = performance.now();
    const outcome = await runner.run({
      text,
      mode,
      query: input.query,
      toolName,
      role: input.role,
      hints: input.hints,
      target: input.target,
      compressor: input.compressor,
      deadline: Date.now() + policy.timeoutMs,
      minConfidence: policy.minConfidence,
      compressorOptions,
      // The runner reuses the estimate of the input and returns the output's (see `RunnerTask.tokens`).
      ...(estimatesByCore ? { tokens: tokensBefore } : {}),
      // …and the input's hash for an offload of the whole input (see `RunnerTask.hash`).
      hash: measured.hash,
    });
    for (const failure of outcome.detectFailures) {
      emitter.emit({ type: 'failed', time: Date.now(), compressor: failure.compressor, code: 'compressor_failed', reason: 'detect threw', error: new Error(failure.message) });
    }
    if (outcome.type === 'unrouted') {
      emitter.emit({ type: 'skipped', time: Date.now(), toolName, reason: 'no compressor is confident' });
      unhelped.add(memoKey);
      return passThrough(text, tokensBefore, 'no_compressor', 'no compressor is confident');
    }
    if (outcome.type === 'failed') {
      const reason = outcome.compressor ? `${outcome.compressor}: ${outcome.reason}` : outcome.reason;
      return failOpen(text, tokensBefore, outcome.timeout ? 'timeout' : 'compressor_failed', reason, { compressor: outcome.compressor, toolName, tenant, error: outcome.error });
    }
    if (outcome.type === 'skipped') {
      emitter.emit({ type: 'skipped', time: Date.now(), compressor: outcome.compressor, toolName, reason: outcome.reason });
      unhelped.add(memoKey);
      return passThrough(text, tokensBefore, 'skipped', `${outcome.compressor}: ${outcome.reason}`);
    }
    const compressor = { name: outcome.compressor };
    const result = outcome;
    const offloads = referenced(outcome.offloads, result.text);
    const warnings: PipelineWarning[] = result.warnings.map((message) => ({ code: 'compressor_note', message: `${compressor.name}: ${message}` }));
    const offloaded = new Set(offloads.map((o) => o.ref));
    const markers = parseMarkers(result.text);
    const dangling = markers.find((m) => !offloaded.has(m.ref));
    if (dangling) {
      const reason = `${compressor.name}: emitted a marker it never offloaded (${dangling.ref})`;
      return failOpen(text, tokensBefore, 'invalid_output', reason, { compressor: compressor.name, toolName, tenant });
    }
    const tokensAfter = estimatesByCore && outcome.tokens !== undefined ? outcome.tokens : countTokens(result.text);
    // Estimates can be off by a few percent: when the two are that close, the tokenizer's own
    // count decides, so an estimate never lets through output that is really larger.
    const close = !exact && tokensAfter >= tokensBefore * CLOSE_CALL;
    if (tokensAfter >= tokensBefore || (close && tokenizer.count(result.text) >= tokenizer.count(text))) {
      emitter.emit({ type: 'skipped', time: Date.now(), compressor: compressor.name, toolName, reason: 'not smaller' });
      unhelped.add(memoKey);
      return passThrough(text, tokensBefore, 'not_smaller', `${compressor.name}: not smaller`, warnings);
    }

    const contentType = outcome.contentType;
    const ref = measured.hash.slice(0, REF_HEX_LENGTH);
    const origin = { compressor: compressor.name, contentType, ...(toolName ? { toolName } : {}), ...(family ? { commandFamily: family } : {}) };
    try {
      // Originals first: a marker must never reach a model before its original is stored. All are
      // asked for at once: a store on another thread answers them in one round trip, not one each.
      await Promise.all([
        ...offloads.map((offload) => store.originals.put(tenant, offload.ref, offload.original, { ...offload.meta, ...origin }, policy.originalTtlMs)),
        store.originals.put(tenant, ref, text, { summary: 'whole original', kind: 'whole', ...origin }, policy.originalTtlMs),
      ]);
    } catch (error) {
      return failOpen(text, tokensBefore, 'store_unavailable', `store unavailable: ${describe(error)}`, { compressor: compressor.name, toolName, tenant, error });
    }
    const entry: MemoEntry = { text: result.text, compressor: compressor.name, contentType, tokensBefore, tokensAfter, refs: [ref, ...offloaded] };
    // The memo entry and the ledger row together, for the same reason.
    const memoSet = safely(() => store.memo.set(tenant, memoKey, entry), tenant);
    const ledgerRow = safely(
      () =>
      store.ledger.append({
        type: 'compression',
        time: Date.now(),
        compressor: compressor.name,
        contentType,
        ...(toolName ? { toolName } : {}),
        tokensBefore,
        tokensAfter,
        exact,
        ...(policy.source ? { source: policy.source } : {}),
        tenant,
        markers: offloads.length,
        ...(family ? { commandFamily: family } : {}),
        ...(mode !== hostMode ? { mode } : {}),
      }),
      tenant,
    );
    await Promise.all([memoSet, ledgerRow]);
    const now = Date.now();
    for (const offload of offloads) {
      emitter.emit({ type: 'offloaded', time: now, compressor: compressor.name, toolName, ref: offload.ref, summary: offload.meta.summary, bytes: Buffer.byteLength(offload.original) });
    }
    emitter.emit({ type: 'compressed', time: now, compressor: compressor.name, contentType, mode, toolName, tokensBefore, tokensAfter, exact, durationMs: performance.now() - started, memoHit: false });
    return { text: result.text, compressed: true, compressor: compressor.name, contentType, tokensBefore, tokensAfter, exact, markers, ref, memoHit: false, warnings };
  }

  function fromMemo(memo: MemoEntry, mode: CompressionMode, toolName: string | undefined): PipelineResult {
    emitter.emit({ type: 'compressed', time: Date.now(), compressor: memo.compressor, contentType: memo.contentType, mode, toolName, tokensBefore: memo.tokensBefore, tokensAfter: memo.tokensAfter, exact, durationMs: 0, memoHit: true });
    return {
      text: memo.text,
      compressed: true,
      compressor: memo.compressor,
      contentType: memo.contentType,
      tokensBefore: memo.tokensBefore,
      tokensAfter: memo.tokensAfter,
      exact,
      markers: parseMarkers(memo.text),
      ...(memo.refs[0] ? { ref: memo.refs[0] } : {}),
      memoHit: true,
      warnings: [],
    };
  }

  async function retrieve(ref: string, retrieveOptions: RetrieveOptions = {}): Promise<StoredOriginal | undefined> {
    const started = performance.now();
    const tenant = retrieveOptions.tenant ?? LOCAL_TENANT;
    const wanted = ref.trim().toLowerCase();
    const stored = await (retrieveOptions.allTenants ? store.originals.lookup(wanted) : store.originals.get(tenant, wanted));
    const latencyMs = Math.round((performance.now() - started) * 100) / 100;
    const source = retrieveOptions.source ?? policy.source;
    // Handed to the store, not awaited: a store may hold a row back to batch it (the worker store, up
    // to 100 ms) and a retrieval round waits on this answer. Every store issues the write at once, so
    // a later read or close still finds it.
    void safely(() =>
      store.ledger.append({
        type: 'retrieval',
        time: Date.now(),
        ref,
        found: stored !== undefined,
        ...(stored?.meta.compressor ? { compressor: stored.meta.compressor } : {}),
        ...(stored?.meta.toolName ? { toolName: stored.meta.toolName } : {}),
        ...(stored?.meta.kind ? { kind: stored.meta.kind } : {}),
        ...(stored?.meta.commandFamily ? { commandFamily: stored.meta.commandFamily } : {}),
        ...(retrieveOptions.round !== undefined ? { round: retrieveOptions.round } : {}),
        latencyMs,
        ...(source ? { source } : {}),
        tenant: stored?.tenant ?? tenant,
      }),
      tenant,
    );
    emitter.emit({ type: 'retrieved', time: Date.now(), ref, found: stored !== undefined, toolName: stored?.meta.toolName });
    return stored;
  }

  async function recordReread(reread: RereadInput): Promise<void> {
    const tenant = reread.tenant ?? LOCAL_TENANT;
    const key = `${tenant}|${reread.ref}|${reread.at}`;
    if (rereads.has(key)) return;
    rereads.add(key);
    // Not awaited, as the retrieval row above: the request that noticed the re-read would wait for the batch.
    void safely(
      () =>
        store.ledger.append({
          type: 'reread',
          time: Date.now(),
          ref: reread.ref,
          compressor: reread.compressor,
          ...(reread.toolName ? { toolName: reread.toolName } : {}),
          ...(reread.commandFamily ? { commandFamily: reread.commandFamily } : {}),
          by: reread.by,
          ...(policy.source ? { source: policy.source } : {}),
          tenant,
        }),
      tenant,
    );
  }

  const pipeline: Pipeline = {
    compressors,
    store,
    tokenizer,
    compress,
    recordReread,
    compressRequest: (body, format, requestOptions) => compressRequest(pipeline, body, format, requestOptions),
    retrieve,
    measure,
    on: emitter.on,
  };
  return pipeline;

  /** Memo and ledger are best effort: their failure must not fail a compression, but it is recorded. */
  async function safely<T>(work: () => Promise<T>, tenant: string): Promise<T | undefined> {
    try {
      return await work();
    } catch (error) {
      const reason = `store unavailable: ${describe(error)}`;
      emitter.emit({ type: 'failed', time: Date.now(), code: 'store_unavailable', reason, error });
      recordFailure('store_unavailable', reason, { tenant });
      return undefined;
    }
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
