import {
  type HeadroomStore,
  hashFromArguments,
  type Json,
  LOCAL_TENANT,
  normalizeRef,
  openAIChat,
  openAIResponses,
  anthropicMessages,
  RETRIEVE_TOOL_DESCRIPTION,
  RETRIEVE_TOOL_NAME,
  retrievalResultText,
} from '@headroom/core';
import { defaultStore } from './internal/default-store.js';

export interface RetrieveToolOptions {
  /** Default: the SQLite store under `HEADROOM_HOME`. */
  readonly store?: HeadroomStore;
  /** Whose originals to read. Default: the local tenant. */
  readonly tenant?: string;
}

export interface RetrieveTool {
  readonly name: typeof RETRIEVE_TOOL_NAME;
  readonly description: string;
  /** The JSON schema of the tool's input: `{ hash: string }`. */
  readonly inputSchema: Json;
  /** The definition in each provider's own tool shape, ready for `tools: [...]`. */
  readonly definitions: { readonly anthropic: Json; readonly openaiChat: Json; readonly openaiResponses: Json };
  /**
   * Answers one call: the original byte-exact, or a plain explanation of a miss (never throws for a
   * miss or a store failure: the model gets text either way). Accepts the parsed input or the
   * arguments string a provider sends.
   */
  execute(input: { hash: string } | string): Promise<string>;
}

/** `headroom_retrieve` for applications that run their own tool loop. */
export function retrieveTool(options: RetrieveToolOptions = {}): RetrieveTool {
  const tenant = options.tenant ?? LOCAL_TENANT;
  return {
    name: RETRIEVE_TOOL_NAME,
    description: RETRIEVE_TOOL_DESCRIPTION,
    inputSchema: (anthropicMessages.retrieveTool() as { input_schema: Json }).input_schema,
    definitions: { anthropic: anthropicMessages.retrieveTool(), openaiChat: openAIChat.retrieveTool(), openaiResponses: openAIResponses.retrieveTool() },
    async execute(input) {
      const hash = hashFromArguments(input);
      const ref = normalizeRef(hash);
      let stored: Awaited<ReturnType<HeadroomStore['originals']['get']>>;
      if (ref) {
        try {
          stored = await (options.store ?? defaultStore()).originals.get(tenant, ref);
        } catch {
          stored = undefined;
        }
      }
      return retrievalResultText(hash, stored);
    },
  };
}
