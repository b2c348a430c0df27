import { RETRIEVE_TOOL_NAME } from '../../retrieval/retrieve-tool-definition.js';
import { hashFromArguments, isObject, type RetrieveAnswer, type RetrieveCall } from '../../retrieval/stream-dialect.js';

type Body = Record<string, unknown>;
export type Part = Record<string, unknown>;

// Gemini's function calls carry an `id` only on some models; calls without one get a local id
// with this prefix, which never goes back upstream.
const LOCAL_ID = 'headroom-call-';

export const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

export const isRetrievePart = (part: unknown): boolean => isObject(part) && isObject(part.functionCall) && part.functionCall.name === RETRIEVE_TOOL_NAME;
export const isClientCallPart = (part: unknown): boolean => isObject(part) && isObject(part.functionCall) && part.functionCall.name !== RETRIEVE_TOOL_NAME;

/** The retrieve calls among `parts`, numbered from `first` when they carry no id. */
export function retrieveCallsIn(parts: readonly unknown[], first = 0): RetrieveCall[] {
  return parts.filter(isRetrievePart).map((part, i) => {
    const call = (part as Part).functionCall as Part;
    return { id: typeof call.id === 'string' ? call.id : `${LOCAL_ID}${first + i}`, hash: hashFromArguments(call.args) };
  });
}

/**
 * The next round's contents: the model's turn as it came (thought signatures included, which
 * Gemini requires back) and one user turn with a `functionResponse` per answer.
 */
export function continuationBody(body: Body, modelParts: readonly unknown[], answers: readonly RetrieveAnswer[], lastRound: boolean): Body {
  const responses = answers.map((answer) => ({
    functionResponse: { name: RETRIEVE_TOOL_NAME, ...(answer.id.startsWith(LOCAL_ID) ? {} : { id: answer.id }), response: { content: answer.text } },
  }));
  return {
    ...body,
    contents: [...list(body.contents), { role: 'model', parts: modelParts }, { role: 'user', parts: responses }],
    // After the last round the model must answer with what it has.
    ...(lastRound ? { toolConfig: { ...(isObject(body.toolConfig) ? body.toolConfig : {}), functionCallingConfig: { mode: 'NONE' } } } : {}),
  };
}
