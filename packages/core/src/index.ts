export {
  type CompressContext,
  type CompressedResult,
  type CompressionMode,
  type Compressor,
  type CompressResult,
  type ContentHints,
  type ContentRole,
  type ContentType,
  compressed,
  type OffloadMeta,
  type SkippedResult,
  skipped,
} from './compressor.js';
export { HeadroomError, type HeadroomErrorCode, isHeadroomError } from './errors.js';
export {
  type CompressRequestOptions,
  type CompressRequestResult,
  compressRequest,
  isRequestFormat,
  locateSlots,
  type RequestFormat,
  type SlotPolicy,
  type SlotReport,
  type SlotStatus,
} from './formats/compress-request.js';
export type { ConversationInput, ConversationResult, ConversationRewrite, ConversationStep, HeldTexts } from './formats/conversation-step.js';
export { setPaths } from './formats/set-paths.js';
export { hintsFromArguments, type Json, type JsonObject, type LocatedSlots, type Slot, type SlotKind } from './formats/slot.js';
export { contentHash, normalizeRef, REF_HEX_LENGTH, refOf } from './hash.js';
export { createLedgerAggregate, type LedgerAggregate } from './ledger/ledger-aggregate.js';
export { type LedgerTally, type ModelUsage, RECENT_FAILURES, type RecentFailure } from './ledger/ledger-tally.js';
export { type LedgerSummary, type SavingsTotals, summarizeLedger } from './ledger/summarize-ledger.js';
export { type ComputeFiguresOptions, computeFigures } from './figures/compute-figures.js';
export type { DollarFigures, Figures, HourFigures, KeyFigures, ModelFigures, RetrievalRate, TokenFigures } from './figures/figures.js';
export { ANTHROPIC_CACHE_MULTIPLIERS, type CacheMultipliers, cacheMultipliers, OPENAI_CACHED_INPUT_RATIOS } from './pricing/cache-multipliers.js';
export { DEFAULT_PRICING } from './pricing/default-pricing.js';
export type { ModelPrice, PricingTable } from './pricing/model-price.js';
export { type LoadPricingOptions, loadPricing, normalizeModelId, parsePricing, priceOf } from './pricing/pricing-table.js';
export { createMarker, hasMarkers, MARKER_PREFIX, type Marker, parseMarkers, sanitizeSummary } from './markers.js';
export {
  type CompressInput,
  type CreatePipelineOptions,
  createPipeline,
  type Pipeline,
  type PipelineResult,
  type RereadInput,
  type RetrieveOptions,
} from './pipeline/create-pipeline.js';
export type { PipelineEvent, PipelineEventType, PipelineListener } from './pipeline/events.js';
export { createFallbackLog, type FallbackLog } from './pipeline/fallback-log.js';
export { FAILURE_CODES, type FailureCode, isFailure, type PassCode, type PipelineWarning, type WarningCode } from './pipeline/outcome.js';
export type { PipelinePolicy } from './pipeline/policy.js';
export { findToolPolicy, optionsForTool, type ToolPolicies, type ToolPolicy, toolPolicyKey } from './pipeline/tool-policy.js';
export { commandFamily } from './ledger/command-family.js';
export {
  EMPTY_POLICY_FILE,
  type LearnedRule,
  mergePolicyFiles,
  parsePolicyFile,
  POLICY_FILE,
  POLICY_FILE_VERSION,
  type PolicyFile,
  stringifyPolicyFile,
  toolPoliciesOf,
} from './learned/policy-file.js';
export { createPolicyFileSource, type PolicyFileSourceOptions } from './learned/policy-file-source.js';
export {
  CLAIM_CONFIDENCE,
  type CompressionRunner,
  createInThreadRunner,
  type DetectFailure,
  measureText,
  type RunnerOffload,
  type RunnerOutcome,
  type RunnerTask,
  type TextMeasure,
} from './pipeline/runner.js';
export { createMemoryStore, type MemoryStoreOptions } from './store/memory-store.js';
export {
  type CompressionEvent,
  type FailureEvent,
  DEFAULT_MEMO_TTL_MS,
  DEFAULT_ORIGINAL_TTL_MS,
  type HeadroomStore,
  type Ledger,
  type LedgerEvent,
  type LedgerQuery,
  type MemoEntry,
  type MemoStore,
  type OriginalMeta,
  type OriginalStore,
  type RequestEvent,
  type RereadEvent,
  type RetrievalEvent,
  type StoredOriginal,
} from './store/store.js';
export { LOCAL_TENANT, tenantOf } from './store/tenant.js';
export { isLoopbackAddress, isLoopbackBind } from './loopback.js';
export { estimateTokens } from './tokenizer/estimate-tokens.js';
export { createEstimatingTokenizer, createTokenizer, type TokenizerOptions } from './tokenizer/tiktoken-tokenizer.js';
export { type EncodingName, encodingForModel, type Tokenizer } from './tokenizer/tokenizer.js';
export { markersInRequest, type RequestMarker } from './retrieval/request-markers.js';
export {
  RETRIEVE_TOOL_DESCRIPTION,
  RETRIEVE_TOOL_NAME,
  retrievalResultText,
  declaresTools,
  retrieveToolFor,
  withRetrieveTool,
} from './retrieval/retrieve-tool.js';
export {
  ERROR_STATUS,
  type JsonTurn,
  type ProviderErrorKind,
  type ProviderModule,
  type ProviderName,
  type ProviderUsage,
  type RetrieveAnswer,
  type RetrieveCall,
  requestModel,
  requestStreams,
} from './providers/provider-module.js';
export { errorModuleOf, moduleForPath, PROVIDER_MODULES, providerModule } from './providers/provider-modules.js';
export { geminiGenerate } from './providers/gemini/index.js';
export { anthropicMessages } from './providers/anthropic-messages/index.js';
export { openAIChat } from './providers/openai-chat/index.js';
export { openAIResponses } from './providers/openai-responses/index.js';
export { createSseParser, formatSse, type SseEvent, sseEvents } from './retrieval/sse.js';
export { hashFromArguments, retrievalLimitText, type StreamDialect, sumNumbers } from './retrieval/stream-dialect.js';
export { type SpliceOptions, spliceRetrieval } from './retrieval/splice-retrieval.js';
export { type JsonRetrievalOptions, runJsonRetrieval } from './retrieval/json-retrieval.js';
export {
  ContinuationFailed,
  type RelayedBody,
  type ResponseRelay,
  type RetrievalRelayOptions,
  retrievalRelay,
  type UpstreamAnswer,
} from './retrieval/retrieval-relay.js';
export { type PreparedRetrieval, type PrepareRetrievalOptions, prepareRetrieval } from './retrieval/prepare-retrieval.js';
