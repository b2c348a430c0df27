import { isObject } from '../../retrieval/stream-dialect.js';
import type { JsonTurn } from '../provider-module.js';
import { continuationBody, isClientCallPart, isRetrievePart, list, type Part, retrieveCallsIn } from './gemini-parts.js';

type Body = Record<string, unknown>;

const firstCandidate = (response: Body): Part => {
  const candidate = list(response.candidates)[0];
  return isObject(candidate) ? candidate : {};
};
const partsOf = (response: Body): unknown[] => {
  const content = firstCandidate(response).content;
  return isObject(content) ? list(content.parts) : [];
};

/** Rewrites the first candidate's parts (and maybe its other fields); other candidates stay as they came. */
function withFirstCandidate(response: Body, change: (candidate: Part, parts: unknown[]) => Part): Body {
  const candidates = list(response.candidates).map((candidate, index) => (index === 0 && isObject(candidate) ? change(candidate, partsOf(response)) : candidate));
  return { ...response, candidates };
}

/** A non-streamed `generateContent` response: the first candidate's parts; retrieve calls are `functionCall` parts. */
export const geminiJsonTurn: JsonTurn = {
  calls(response) {
    const parts = partsOf(response);
    return { retrieve: retrieveCallsIn(parts), client: parts.filter(isClientCallPart).length };
  },
  withoutRetrieve: (response) =>
    withFirstCandidate(response, (candidate, parts) => ({ ...candidate, content: { ...(candidate.content as Part), parts: parts.filter((p) => !isRetrievePart(p)) } })),
  limitReached: (response, text) =>
    withFirstCandidate(response, (candidate, parts) => ({
      ...candidate,
      content: { ...(candidate.content as Part), role: 'model', parts: [...parts.filter((p) => !isObject(p) || !isObject(p.functionCall)), { text }] },
      finishReason: 'STOP',
    })),
  continuation: (body, response, answers, lastRound) => continuationBody(body, partsOf(response), answers, lastRound),
};
