import { anthropicMessages, RETRIEVE_TOOL_DESCRIPTION, RETRIEVE_TOOL_NAME } from '@headroom/core';
import { compressAiSdkMessages } from './compress.js';
import type { HeadroomOptions } from './headroom-options.js';
import { aiSdkMarkers } from './internal/ai-sdk-messages.js';
import { generateWithRetrieval, streamWithRetrieval } from './internal/ai-sdk-retrieval.js';
import { createEngine } from './internal/create-engine.js';

// The AI SDK's own types differ between majors (v5: LanguageModelV2*, v6: LanguageModelV3*), and
// this package does not depend on `ai`. The middleware is typed loosely at that boundary so one
// object fits `wrapLanguageModel` of both; the tests type-check it against both with `tsc`.
// biome-ignore lint/suspicious/noExplicitAny: call options and results of either AI SDK major.
type Loose = any;

/** A language-model middleware for `wrapLanguageModel` of `ai` v5 (middleware v2) and v6 (v3). */
export interface HeadroomMiddleware {
  readonly specificationVersion: 'v3';
  readonly middlewareVersion: 'v2';
  transformParams(options: { type: 'generate' | 'stream'; params: Loose; model: Loose }): Promise<Loose>;
  wrapGenerate(options: { doGenerate: () => PromiseLike<Loose>; doStream: () => PromiseLike<Loose>; params: Loose; model: Loose }): Promise<Loose>;
  wrapStream(options: { doGenerate: () => PromiseLike<Loose>; doStream: () => PromiseLike<Loose>; params: Loose; model: Loose }): Promise<Loose>;
}

const retrieveFunctionTool = () => ({
  type: 'function',
  name: RETRIEVE_TOOL_NAME,
  description: RETRIEVE_TOOL_DESCRIPTION,
  inputSchema: (anthropicMessages.retrieveTool() as { input_schema: unknown }).input_schema,
});

const offersRetrieve = (params: Loose) => Array.isArray(params?.tools) && params.tools.some((t: Loose) => t?.name === RETRIEVE_TOOL_NAME);

/** The call declares a function tool of its own (provider-defined tools, such as a search, do not count: the proxy's rule). */
const declaresTools = (params: Loose) =>
  Array.isArray(params?.tools) && params.tools.some((t: Loose) => t?.type === 'function' && typeof t.name === 'string' && t.name !== RETRIEVE_TOOL_NAME);

/**
 * Compression and retrieval for the Vercel AI SDK: `transformParams` compresses the tool outputs of
 * the prompt in place (and offers `headroom_retrieve` when the call declares tools, or once the
 * prompt carries markers);
 * `wrapGenerate` / `wrapStream` answer the model's retrieve calls from the store and continue, so
 * `generateText` / `streamText` never see the tool. Fails open: any failure inside Headroom sends
 * the prompt as it was and reports through `onEvent`.
 */
export function headroomMiddleware(options: HeadroomOptions = {}): HeadroomMiddleware {
  const engine = createEngine(options);
  const answerFor = (params: Loose) => engine.answerer(aiSdkMarkers(params.prompt));
  return {
    specificationVersion: 'v3',
    middlewareVersion: 'v2',
    async transformParams({ params }) {
      if (options.mode === 'off' || !Array.isArray(params?.prompt)) return params;
      const started = performance.now();
      try {
        const compressed = await compressAiSdkMessages(engine, params.prompt);
        const markers = aiSdkMarkers(compressed.messages);
        engine.emit({ type: 'compressed', format: 'ai-sdk', tokensBefore: compressed.tokensBefore, tokensAfter: compressed.tokensAfter, markers: markers.size, durationMs: performance.now() - started });
        const tools = Array.isArray(params.tools) ? params.tools : [];
        // As the proxy: a call that declares tools has the retrieve tool from the conversation's first
        // call on, so a first marker never changes the tool list the provider cached.
        const offer = markers.size > 0 || (options.mode !== 'lossless' && declaresTools(params));
        const withTool = offer && !offersRetrieve(params) ? { tools: [...tools, retrieveFunctionTool()] } : {};
        return { ...params, prompt: compressed.messages, ...withTool };
      } catch (error) {
        engine.emit({ type: 'failed', stage: 'compress', code: 'internal', message: error instanceof Error ? error.message : String(error) });
        return params;
      }
    },
    async wrapGenerate({ doGenerate, params, model }) {
      const first = await doGenerate();
      if (!offersRetrieve(params)) return first;
      return generateWithRetrieval(first, params, (p) => model.doGenerate(p), answerFor(params), engine.maxRetrievalRounds);
    },
    async wrapStream({ doStream, params, model }) {
      const first = await doStream();
      if (!offersRetrieve(params)) return first;
      const parts = streamWithRetrieval(first.stream, params, (p) => model.doStream(p), answerFor(params), engine.maxRetrievalRounds);
      return { ...first, stream: ReadableStream.from(parts) };
    },
  };
}
