import { RETRIEVE_TOOL_NAME, retrievalLimitText, sumNumbers } from '@headroom/core';

type Part = Record<string, unknown> & { type: string };
type Params = Record<string, unknown> & { prompt: unknown[] };
type Answer = (call: { id: string; hash: string }, round: number) => Promise<string>;

export const isRetrieveCall = (part: Part) => part.type === 'tool-call' && part.toolName === RETRIEVE_TOOL_NAME;

/** The ref a retrieve call's input carries (a JSON string in a model result). */
export function hashOf(input: unknown): string {
  let parsed = input;
  if (typeof input === 'string') {
    try {
      parsed = JSON.parse(input);
    } catch {
      return '';
    }
  }
  const record = parsed as Record<string, unknown> | null;
  const hash = record?.hash ?? record?.ref;
  return typeof hash === 'string' ? hash : '';
}

/** The model's turn as prompt parts (tool-call inputs are JSON text in results, values in prompts). */
function assistantParts(content: readonly Part[]): Part[] {
  const parts: Part[] = [];
  for (const part of content) {
    if (part.type === 'text' || part.type === 'reasoning') parts.push({ type: part.type, text: part.text, ...(part.providerMetadata ? { providerOptions: part.providerMetadata } : {}) });
    else if (part.type === 'tool-call') {
      let input: unknown = part.input;
      try {
        input = typeof part.input === 'string' ? JSON.parse(part.input) : part.input;
      } catch {
        // A model that wrote arguments which are not JSON: resent as it wrote them.
      }
      parts.push({ type: 'tool-call', toolCallId: part.toolCallId, toolName: part.toolName, input });
    }
  }
  return parts;
}

/** The next round's call options: the prompt plus the model's turn and the answers. */
export function continuation(params: Params, content: readonly Part[], answers: readonly { id: string; text: string }[], lastRound: boolean): Params {
  return {
    ...params,
    prompt: [
      ...params.prompt,
      { role: 'assistant', content: assistantParts(content) },
      { role: 'tool', content: answers.map((a) => ({ type: 'tool-result', toolCallId: a.id, toolName: RETRIEVE_TOOL_NAME, output: { type: 'text', value: a.text } })) },
    ],
    ...(lastRound ? { toolChoice: { type: 'none' } } : {}),
  };
}

/** `stop` in the shape the model used: a string (v2) or `{ unified, raw }` (v3). */
const stopLike = (reason: unknown) => (typeof reason === 'object' && reason !== null ? { ...reason, unified: 'stop' } : 'stop');

/** Usage of every round summed (v2 numbers and v3 nested counts alike). */
function addUsage(total: Record<string, unknown>, usage: unknown) {
  if (typeof usage === 'object' && usage !== null) sumNumbers(total, usage as Record<string, unknown>);
}

/** generate: answers retrieve calls and continues until the model stops asking; the result never shows the tool. */
export async function generateWithRetrieval(
  first: Record<string, unknown>,
  params: Params,
  next: (params: Params) => PromiseLike<Record<string, unknown>>,
  answer: Answer,
  maxRounds: number,
): Promise<Record<string, unknown>> {
  let result = first;
  let current = params;
  const usage: Record<string, unknown> = {};
  // What the model said in earlier rounds stays in the answer, as it does in a stream.
  const earlier: Part[] = [];
  for (let round = 1; ; round++) {
    addUsage(usage, result.usage);
    const content = (Array.isArray(result.content) ? result.content : []) as Part[];
    const calls = content.filter(isRetrieveCall);
    const client = content.filter((p) => p.type === 'tool-call' && !isRetrieveCall(p)).length;
    if (round === 1 && calls.length === 0) return result;
    if (calls.length === 0 || client > 0 || round > maxRounds) {
      const kept = [...earlier, ...content.filter((p) => !isRetrieveCall(p))];
      const limited = calls.length > 0 && client === 0;
      return {
        ...result,
        content: limited ? [...kept, { type: 'text', text: retrievalLimitText(maxRounds) }] : kept,
        ...(limited ? { finishReason: stopLike(result.finishReason) } : {}),
        usage: { ...(result.usage as object), ...usage },
      };
    }
    const texts = await Promise.all(calls.map((c) => answer({ id: String(c.toolCallId), hash: hashOf(c.input) }, round)));
    current = continuation(current, content, calls.map((c, i) => ({ id: String(c.toolCallId), text: texts[i]! })), round === maxRounds);
    earlier.push(...content.filter((p) => p.type !== 'tool-call'));
    result = await next(current);
  }
}

/**
 * stream: forwards what the model streams as it arrives, holds back the retrieve calls (and their
 * input parts) and each round's finish, answers the calls and splices the continuation's stream
 * into the same stream. One `stream-start`, one `finish` with usage summed over the rounds.
 */
export async function* streamWithRetrieval(
  first: ReadableStream<Part>,
  params: Params,
  next: (params: Params) => PromiseLike<{ stream: ReadableStream<Part> }>,
  answer: Answer,
  maxRounds: number,
): AsyncGenerator<Part> {
  let stream = first;
  let current = params;
  const usage: Record<string, unknown> = {};
  for (let round = 1; ; round++) {
    const hidden = new Set<unknown>();
    const content: Part[] = [];
    const texts = new Map<unknown, Part>();
    let finish: Part | undefined;
    let client = 0;
    for await (const part of stream as unknown as AsyncIterable<Part>) {
      switch (part.type) {
        case 'stream-start':
        case 'response-metadata':
          if (round === 1) yield part;
          break;
        case 'tool-input-start':
          if (part.toolName === RETRIEVE_TOOL_NAME) hidden.add(part.id);
          else yield part;
          break;
        case 'tool-input-delta':
        case 'tool-input-end':
          if (!hidden.has(part.id)) yield part;
          break;
        case 'tool-call':
          content.push(part);
          if (!isRetrieveCall(part)) {
            client++;
            yield part;
          }
          break;
        case 'text-start':
        case 'reasoning-start': {
          const kept: Part = { type: part.type === 'text-start' ? 'text' : 'reasoning', text: '' };
          texts.set(part.id, kept);
          content.push(kept);
          yield part;
          break;
        }
        case 'text-delta':
        case 'reasoning-delta': {
          const kept = texts.get(part.id);
          if (kept) kept.text = String(kept.text) + String(part.delta ?? '');
          yield part;
          break;
        }
        case 'finish':
          finish = part;
          addUsage(usage, part.usage);
          break;
        default:
          yield part;
      }
    }
    const calls = content.filter(isRetrieveCall);
    if (calls.length === 0 || client > 0 || round > maxRounds) {
      const limited = calls.length > 0 && client === 0;
      if (limited) {
        const id = `headroom-limit-${round}`;
        yield { type: 'text-start', id };
        yield { type: 'text-delta', id, delta: retrievalLimitText(maxRounds) };
        yield { type: 'text-end', id };
      }
      if (finish) yield { ...finish, usage: { ...(finish.usage as object), ...usage }, ...(limited ? { finishReason: stopLike(finish.finishReason) } : {}) };
      return;
    }
    const answers = await Promise.all(calls.map((c) => answer({ id: String(c.toolCallId), hash: hashOf(c.input) }, round)));
    current = continuation(current, content, calls.map((c, i) => ({ id: String(c.toolCallId), text: answers[i]! })), round === maxRounds);
    try {
      stream = (await next(current)).stream;
    } catch (error) {
      yield { type: 'error', error };
      if (finish) yield { ...finish, usage: { ...(finish.usage as object), ...usage }, finishReason: typeof finish.finishReason === 'object' ? { ...(finish.finishReason as object), unified: 'error' } : 'error' };
      return;
    }
  }
}
