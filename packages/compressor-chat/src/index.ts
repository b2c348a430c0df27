export { type ChatCompressorOptions, chatCompressor, parseRetrieveTool, RETRIEVE_TOOL_TIMINGS, type RetrieveToolTiming } from './chat-compressor.js';
export {
  ANTHROPIC_1H,
  ANTHROPIC_5M,
  type BilledTokens,
  type CacheMultipliers,
  type CacheProvider,
  type CompactionCase,
  cacheMultipliers,
  cacheWeightedCost,
  compactionPaybackTurns,
} from './cost-model.js';
