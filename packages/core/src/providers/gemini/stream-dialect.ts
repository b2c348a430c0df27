import type { SseEvent } from '../../retrieval/sse.js';
import { isObject, parseJson, type RetrieveCall, type StreamDialect, sumNumbers } from '../../retrieval/stream-dialect.js';
import { geminiErrorBody } from './gemini-error.js';
import { continuationBody, isClientCallPart, isRetrievePart, list, type Part, retrieveCallsIn } from './gemini-parts.js';

/**
 * Gemini `streamGenerateContent?alt=sse`: each data line is a whole `GenerateContentResponse`
 * whose first candidate carries the new parts; function calls arrive whole. Retrieve calls are
 * dropped from the chunks, the finish reason and usage are held for the end, and every chunk keeps
 * the first round's `responseId`. `usageMetadata` is a running total within a stream, so the last
 * one of each round counts, summed over rounds.
 */
export function geminiStreamDialect(): StreamDialect {
  let responseId: unknown;
  let modelVersion: unknown;
  let finishReason: unknown = 'STOP';
  let usage: Record<string, unknown> | undefined;
  // Per round:
  let modelParts: unknown[] = [];
  let roundUsage: Record<string, unknown> | undefined;
  let clientCalls = 0;
  let retrieve: RetrieveCall[] = [];

  const addRoundUsage = () => {
    if (roundUsage) sumNumbers((usage ??= {}), roundUsage);
    roundUsage = undefined;
  };

  return {
    accept(e) {
      const chunk = parseJson(e.data);
      // An error object or anything else this dialect cannot read passes as it came.
      if (!chunk || !Array.isArray(chunk.candidates)) return [e];
      responseId ??= chunk.responseId;
      modelVersion ??= chunk.modelVersion;
      if (isObject(chunk.usageMetadata)) roundUsage = chunk.usageMetadata;
      const candidates = chunk.candidates.map((candidate, index) => {
        if (index !== 0 || !isObject(candidate)) return candidate;
        if (candidate.finishReason !== undefined) finishReason = candidate.finishReason;
        const content = isObject(candidate.content) ? candidate.content : undefined;
        const parts = content ? list(content.parts) : [];
        modelParts.push(...parts);
        retrieve.push(...retrieveCallsIn(parts, retrieve.length));
        clientCalls += parts.filter(isClientCallPart).length;
        const { finishReason: _held, ...rest } = candidate;
        return content ? { ...rest, content: { ...content, parts: parts.filter((p) => !isRetrievePart(p)) } } : rest;
      });
      const first = candidates[0] as Part | undefined;
      const firstParts = isObject(first?.content) ? list(first.content.parts) : [];
      // A chunk left with nothing for the client (a retrieve call, or only the held finish) is dropped.
      if (candidates.length === 1 && firstParts.length === 0) return [];
      const { usageMetadata: _counted, ...rest } = chunk;
      return [{ data: JSON.stringify({ ...rest, candidates, ...(responseId !== undefined ? { responseId } : {}) }) }];
    },
    retrieveCalls: () => [...retrieve],
    clientCalls: () => clientCalls,
    continuation: (body, answers, lastRound) => continuationBody(body, modelParts, answers, lastRound),
    nextRound() {
      addRoundUsage();
      modelParts = [];
      retrieve = [];
      clientCalls = 0;
    },
    finish() {
      addRoundUsage();
      const last = {
        candidates: [{ content: { role: 'model', parts: [{ text: '' }] }, finishReason, index: 0 }],
        ...(usage ? { usageMetadata: usage } : {}),
        ...(modelVersion !== undefined ? { modelVersion } : {}),
        ...(responseId !== undefined ? { responseId } : {}),
      };
      return [{ data: JSON.stringify(last) }];
    },
    error: (message) => [{ data: JSON.stringify(geminiErrorBody('internal', message)) }],
    limitReached(text) {
      finishReason = 'STOP';
      return [{ data: JSON.stringify({ candidates: [{ content: { role: 'model', parts: [{ text }] }, index: 0 }], ...(responseId !== undefined ? { responseId } : {}) }) }];
    },
  };
}
