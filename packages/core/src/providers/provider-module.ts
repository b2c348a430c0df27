import type { Json, JsonObject, LocatedSlots } from '../formats/slot.js';
import type { StreamDialect } from '../retrieval/stream-dialect.js';

/** The provider APIs Headroom compresses in place. */
export type RequestFormat = 'anthropic-messages' | 'openai-chat' | 'openai-responses' | 'gemini-generate';

/** Who serves an API: decides the error vocabulary and the upstream a host sends it to. */
export type ProviderName = 'anthropic' | 'openai' | 'google';

/** What went wrong, in Headroom's own words; each module maps it to its provider's error vocabulary. */
export type ProviderErrorKind =
  | 'bad_request'
  | 'unauthorized'
  | 'forbidden'
  | 'too_large'
  | 'unsupported'
  | 'upstream_unreachable'
  | 'upstream_timeout'
  | 'internal';

/** The HTTP status every provider uses for a kind of error. */
export const ERROR_STATUS: Readonly<Record<ProviderErrorKind, number>> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  too_large: 413,
  unsupported: 501,
  upstream_unreachable: 502,
  upstream_timeout: 504,
  internal: 500,
};

/** Provider-reported usage, normalized: `inputTokens` never includes cache reads or writes. */
export interface ProviderUsage {
  /** The model the provider says answered. */
  model?: string;
  inputTokens?: number;
  outputTokens?: number;
  cacheReadTokens?: number;
  cacheWriteTokens?: number;
}

/** A `headroom_retrieve` call the model made, with its call id and the ref it asked for. */
export interface RetrieveCall {
  readonly id: string;
  readonly hash: string;
}

export interface RetrieveAnswer {
  readonly id: string;
  readonly text: string;
}

type Body = Record<string, unknown>;

/** How a non-streamed turn is read and continued across retrieval rounds. */
export interface JsonTurn {
  /** The retrieve calls in a response, and how many calls to the client's own tools it made. */
  calls(response: Body): { retrieve: RetrieveCall[]; client: number };
  /** The response without any retrieve call. */
  withoutRetrieve(response: Body): Body;
  /** The response with `text` as the model's last words and a stop reason that asks for no tool. */
  limitReached(response: Body, text: string): Body;
  /** The next round's request: the body plus the model's turn and the answers. */
  continuation(body: Body, response: Body, answers: readonly RetrieveAnswer[], lastRound: boolean): Body;
}

/**
 * Everything Headroom knows about one provider API, behind one interface. Hosts (proxy, SDK, MCP
 * front) look a module up by format and never hold provider knowledge of their own.
 */
export interface ProviderModule {
  readonly format: RequestFormat;
  readonly provider: ProviderName;
  /** The HTTP path of the model call (`/v1/messages`); a pattern in words where the path names the model. */
  readonly path: string;
  /** For APIs that put the model in the path (Gemini): whether a request path is a model call. Absent: equal to `path`. */
  matchesPath?(path: string): boolean;
  /** Whether a request asks for a stream. Absent: `stream: true` in the body. */
  streams?(body: Record<string, unknown>, url: string): boolean;
  /** The model a request names. Absent: `model` in the body. */
  modelOf?(body: Record<string, unknown>, url: string): string | undefined;
  /** The body field holding the conversation a retrieval round appends to (`messages`, `input`, `contents`). */
  readonly conversationKey: string;
  /** The body field the last retrieval round sets so the model answers without tools (`tool_choice`, `toolConfig`). */
  readonly lastRoundKey: string;
  /** The compressible slots of a request body (already known to be an object). */
  locateSlots(body: JsonObject): LocatedSlots;
  /** The retrieve tool in this API's tool shape. Always the same bytes. */
  retrieveTool(): Json;
  /** The name of a tool definition in this API's shape, if it has one. */
  toolName(tool: Json): string | undefined;
  /** The response field that holds usage (`usage`; Gemini: `usageMetadata`). */
  readonly usageKey: string;
  /** The usage a response body or stream event carries; undefined when it carries none. */
  readUsage(payload: unknown): ProviderUsage | undefined;
  /** A fresh splicer for one streamed response (state lives across retrieval rounds). */
  streamDialect(): StreamDialect;
  /** How a JSON response is read and continued across retrieval rounds. */
  readonly jsonTurn: JsonTurn;
  /** The error body a client of this API knows how to show. */
  errorBody(kind: ProviderErrorKind, message: string): object;
  /** The same error as one SSE event (text), for a stream whose headers are already sent. */
  errorEvent(kind: ProviderErrorKind, message: string): string;
}

/** Whether a request to `module` asks for a streamed answer. */
export function requestStreams(module: ProviderModule, body: Record<string, unknown>, url: string): boolean {
  return module.streams ? module.streams(body, url) : body.stream === true;
}

/** The model a request to `module` names; '' when it names none. */
export function requestModel(module: ProviderModule, body: Record<string, unknown>, url: string): string {
  const model = module.modelOf ? module.modelOf(body, url) : body.model;
  return typeof model === 'string' ? model : '';
}
