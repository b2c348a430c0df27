import { RETRIEVE_TOOL_NAME } from '../../retrieval/retrieve-tool-definition.js';
import type { SseEvent } from '../../retrieval/sse.js';
import { hashFromArguments, parseJson, type RetrieveCall, type StreamDialect, sumNumbers } from '../../retrieval/stream-dialect.js';

type Item = Record<string, unknown>;

const event = (data: Record<string, unknown>): SseEvent => ({ event: String(data.type), data: JSON.stringify(data) });

/**
 * OpenAI Responses SSE: typed events with `sequence_number`, `output_index` and a final
 * `response.completed` carrying the whole output. Sequence numbers and output indexes are
 * renumbered so the client sees one response across rounds.
 */
export function openAIResponsesStreamDialect(): StreamDialect {
  let sequence = 0;
  let nextClientOutput = 0;
  let firstResponse: Record<string, unknown> | undefined;
  let lastResponse: Record<string, unknown> | undefined;
  const usage: Record<string, unknown> = {};
  let sawUsage = false;
  const clientOutput: Item[] = [];
  // Per round:
  let outputMap = new Map<number, number | 'hidden'>();
  let roundItems = new Map<number, Item>();
  let clientToolCalls = 0;
  let terminal = 'response.completed';

  return {
    accept(e) {
      const data = parseJson(e.data);
      if (!data || typeof data.type !== 'string') return [e];
      const type = data.type;
      if (type === 'response.created' || type === 'response.in_progress') {
        if (firstResponse) return [];
        firstResponse = data.response as Record<string, unknown>;
        return [renumber(data)];
      }
      if (type === 'response.completed' || type === 'response.incomplete' || type === 'response.failed') {
        terminal = type;
        lastResponse = data.response as Record<string, unknown>;
        if (lastResponse?.usage && typeof lastResponse.usage === 'object') {
          sumNumbers(usage, lastResponse.usage as Record<string, unknown>);
          sawUsage = true;
        }
        const output = Array.isArray(lastResponse?.output) ? (lastResponse.output as Item[]) : [];
        output.forEach((item, index) => {
          if (!roundItems.has(index)) roundItems.set(index, item);
        });
        return [];
      }
      if (typeof data.output_index !== 'number') return [renumber(data)];
      const index = data.output_index;
      if (type === 'response.output_item.added') {
        const item = data.item as Item;
        const hidden = item?.type === 'function_call' && item.name === RETRIEVE_TOOL_NAME;
        if (!hidden && (item?.type === 'function_call' || item?.type === 'custom_tool_call')) clientToolCalls++;
        outputMap.set(index, hidden ? 'hidden' : nextClientOutput++);
      }
      if (type === 'response.output_item.done') {
        roundItems.set(index, data.item as Item);
        if (outputMap.get(index) !== 'hidden') clientOutput.push(data.item as Item);
      }
      const mapped = outputMap.get(index);
      if (mapped === 'hidden') return [];
      return [renumber({ ...data, output_index: mapped ?? index })];
    },
    retrieveCalls() {
      const calls: RetrieveCall[] = [];
      for (const [index, mapped] of outputMap) {
        if (mapped !== 'hidden') continue;
        const item = roundItems.get(index);
        if (item) calls.push({ id: String(item.call_id), hash: hashFromArguments(item.arguments) });
      }
      return calls;
    },
    clientCalls: () => clientToolCalls,
    continuation(body, answers, lastRound) {
      const input = typeof body.input === 'string' ? [{ type: 'message', role: 'user', content: body.input }] : ((body.input as unknown[]) ?? []);
      const items = [...roundItems.entries()].sort(([a], [b]) => a - b).map(([, item]) => item);
      const outputs = answers.map((a) => ({ type: 'function_call_output', call_id: a.id, output: a.text }));
      return { ...body, input: [...input, ...items, ...outputs], ...(lastRound ? { tool_choice: 'none' } : {}) };
    },
    nextRound() {
      outputMap = new Map();
      roundItems = new Map();
      clientToolCalls = 0;
    },
    finish() {
      const response = {
        ...(lastResponse ?? firstResponse ?? {}),
        ...(firstResponse?.id ? { id: firstResponse.id } : {}),
        output: clientOutput,
        ...(sawUsage ? { usage } : {}),
      };
      return [renumber({ type: terminal, response })];
    },
    error(message) {
      return [renumber({ type: 'error', code: 'headroom_retrieval_failed', message, param: null })];
    },
    limitReached(text) {
      terminal = 'response.completed';
      if (lastResponse) lastResponse = { ...lastResponse, status: 'completed' };
      const outputIndex = nextClientOutput++;
      const id = 'msg_headroom_retrieval_limit';
      const part = { type: 'output_text', text, annotations: [] };
      const item = { type: 'message', id, status: 'completed', role: 'assistant', content: [part] };
      clientOutput.push(item);
      const at = { item_id: id, output_index: outputIndex, content_index: 0 };
      return [
        renumber({ type: 'response.output_item.added', output_index: outputIndex, item: { ...item, status: 'in_progress', content: [] } }),
        renumber({ type: 'response.content_part.added', ...at, part: { ...part, text: '' } }),
        renumber({ type: 'response.output_text.delta', ...at, delta: text, logprobs: [] }),
        renumber({ type: 'response.output_text.done', ...at, text, logprobs: [] }),
        renumber({ type: 'response.content_part.done', ...at, part }),
        renumber({ type: 'response.output_item.done', output_index: outputIndex, item }),
      ];
    },
  };

  function renumber(data: Record<string, unknown>): SseEvent {
    return event('sequence_number' in data || data.type ? { ...data, sequence_number: sequence++ } : data);
  }
}
