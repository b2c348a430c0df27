import type { RequestFormat } from '@headroom/core';
import type { HeadroomOptions } from './headroom-options.js';
import { createEngine } from './internal/create-engine.js';
import { type Fetch, headroomFetch, type RouteTable } from './internal/headroom-fetch.js';

/** What `withHeadroom` needs of a client: the official `openai` and `@anthropic-ai/sdk` clients both have it. */
export interface HeadroomWrappable<T> {
  withOptions(options: { fetch?: Fetch }): T;
}

const OPENAI_ROUTES: RouteTable = [
  ['/chat/completions', 'openai-chat' satisfies RequestFormat],
  ['/responses', 'openai-responses' satisfies RequestFormat],
];
const ANTHROPIC_ROUTES: RouteTable = [['/messages', 'anthropic-messages' satisfies RequestFormat]];

/** An Anthropic client has `messages` and no `chat`; an OpenAI client has `chat` (and `responses`). */
function routesOf(client: object): RouteTable {
  const has = (key: string) => typeof (client as Record<string, unknown>)[key] === 'object';
  if (has('chat') || has('responses')) return OPENAI_ROUTES;
  if (has('messages')) return ANTHROPIC_ROUTES;
  throw new TypeError('withHeadroom expects an OpenAI client (openai) or an Anthropic client (@anthropic-ai/sdk)');
}

/**
 * A copy of `client` whose model calls are compressed in the application before they leave:
 * `chat.completions.create`, `responses.create` (OpenAI) and `messages.create`, `messages.stream`
 * (Anthropic), streamed or not. When markers were emitted the model gets `headroom_retrieve`; its
 * calls are answered from the store and the turn continues, so the application never sees the
 * tool. The original client is left as it was. Any failure inside Headroom sends the original
 * request and is reported through `onEvent`.
 */
export function withHeadroom<T extends HeadroomWrappable<T>>(client: T, options: HeadroomOptions = {}): T {
  const routes = routesOf(client);
  const engine = createEngine(options);
  // The client's own fetch (a custom one, or the platform's): Headroom sits in front of it.
  const own = (client as unknown as { fetch?: Fetch }).fetch;
  const inner: Fetch = own ?? ((input, init) => fetch(input, init));
  return client.withOptions({ fetch: headroomFetch(engine, inner, routes) });
}
