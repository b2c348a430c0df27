import { hintsFromArguments, type ContentHints, parseMarkers } from '@headroom/core';

/**
 * One compressible tool output in an AI SDK prompt (`ModelMessage[]` of `ai` v5/v6, or the
 * provider-level prompt a language-model middleware sees): a `tool-result` part's `output` of type
 * `text`, `json` (compressed as its JSON text) or the text parts of `content`. Error outputs pass
 * through: they are what the model most needs to read.
 */
export interface AiSdkSlot {
  readonly messageIndex: number;
  readonly path: readonly (string | number)[];
  readonly text: string;
  /** The slot is a `json` output: a compressed text replaces the whole output as `{ type: 'text' }`. */
  readonly json: boolean;
  readonly toolName?: string;
  readonly hints?: ContentHints;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** True when `messages` look like AI SDK messages: tool-call / tool-result parts in camelCase. */
export function isAiSdkMessages(messages: readonly unknown[]): boolean {
  return messages.some(
    (m) => isObj(m) && Array.isArray(m.content) && m.content.some((p) => isObj(p) && (p.type === 'tool-result' || p.type === 'tool-call') && typeof p.toolCallId === 'string'),
  );
}

export function locateAiSdkSlots(messages: readonly unknown[]): { slots: AiSdkSlot[]; query?: string } {
  const calls = new Map<string, ContentHints | undefined>();
  const slots: AiSdkSlot[] = [];
  let query: string | undefined;
  messages.forEach((message, messageIndex) => {
    if (!isObj(message)) return;
    const content = message.content;
    if (message.role === 'user') {
      const typed = typeof content === 'string' ? content : Array.isArray(content) ? content.filter((p) => isObj(p) && p.type === 'text').map((p) => String((p as Obj).text)).join('\n') : '';
      if (typed) query = typed;
      return;
    }
    if (!Array.isArray(content)) return;
    content.forEach((part, partIndex) => {
      if (!isObj(part) || typeof part.toolCallId !== 'string') return;
      if (part.type === 'tool-call') {
        calls.set(part.toolCallId, hintsFromArguments(part.input ?? part.args));
        return;
      }
      if (part.type !== 'tool-result' || !isObj(part.output)) return;
      const output = part.output;
      const base = {
        messageIndex,
        ...(typeof part.toolName === 'string' ? { toolName: part.toolName } : {}),
        ...(calls.get(part.toolCallId) ? { hints: calls.get(part.toolCallId)! } : {}),
      };
      const at = [messageIndex, 'content', partIndex, 'output'];
      if (output.type === 'text' && typeof output.value === 'string') slots.push({ ...base, path: [...at, 'value'], text: output.value, json: false });
      else if (output.type === 'json' && output.value !== undefined) slots.push({ ...base, path: at, text: JSON.stringify(output.value), json: true });
      else if (output.type === 'content' && Array.isArray(output.value)) {
        output.value.forEach((inner, innerIndex) => {
          if (isObj(inner) && inner.type === 'text' && typeof inner.text === 'string') slots.push({ ...base, path: [...at, 'value', innerIndex, 'text'], text: inner.text, json: false });
        });
      }
    });
  });
  return { slots, ...(query !== undefined ? { query } : {}) };
}

/** The refs of every marker the tool outputs of an AI SDK prompt carry, with the tool that produced each. */
export function aiSdkMarkers(messages: readonly unknown[]): Map<string, string | undefined> {
  const found = new Map<string, string | undefined>();
  for (const slot of locateAiSdkSlots(messages).slots) {
    for (const marker of parseMarkers(slot.text)) if (!found.has(marker.ref)) found.set(marker.ref, slot.toolName);
  }
  return found;
}

/** A copy of `root` with each path set to its value; only the containers on those paths are copied. */
export function withValues<T>(root: T, replacements: ReadonlyArray<{ path: readonly (string | number)[]; value: unknown }>): T {
  if (replacements.length === 0) return root;
  const copies = new Map<object, Obj | unknown[]>();
  const copyOf = (node: unknown): Obj | unknown[] => {
    const existing = copies.get(node as object);
    if (existing) return existing;
    const copy = Array.isArray(node) ? [...node] : { ...(node as Obj) };
    copies.set(node as object, copy);
    return copy;
  };
  const top = copyOf(root);
  for (const { path, value } of replacements) {
    let original = root as unknown;
    let copy = top as Record<string | number, unknown>;
    for (const key of path.slice(0, -1)) {
      const next = (original as Record<string | number, unknown>)[key];
      const nextCopy = copyOf(next);
      copy[key] = nextCopy;
      original = next;
      copy = nextCopy as Record<string | number, unknown>;
    }
    copy[path.at(-1)!] = value;
  }
  return top as T;
}
